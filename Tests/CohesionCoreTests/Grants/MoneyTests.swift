@testable import CohesionCore
import Foundation
import PropertyBased
import Testing

@Suite struct MoneyTests {
    @Test func poundsAreWrittenAsPeopleInTheUKWriteThem() {
        #expect(Money.pounds(0) == "£0")
        #expect(Money.pounds(5) == "£0.05")
        #expect(Money.pounds(125_000) == "£1,250")
        #expect(Money.pounds(125_050) == "£1,250.50")
        #expect(Money.pounds(8_700_000) == "£87,000")
        #expect(Money.pounds(-305) == "−£3.05")
        #expect(Money.poundsAndPence(125_000) == "£1,250.00")
        #expect(Money.poundsAndPence(7) == "£0.07")
        #expect(Money.poundsValue(125_050) == Decimal(string: "1250.5"))
    }

    @Test func amountsAreReadInTheWaysPeopleTypeThem() {
        #expect(Money.pence(from: "1250") == 125_000)
        #expect(Money.pence(from: "£1,250") == 125_000)
        #expect(Money.pence(from: " £ 1,250.5 ") == 125_050)
        #expect(Money.pence(from: "1250.05") == 125_005)
        #expect(Money.pence(from: "0.99") == 99)
        #expect(Money.pence(from: "12,500,000") == nil) // over £10 million
        #expect(Money.pence(from: "10,000,000") == Money.maximumPence)
        for refused in ["", "£", "-50", "12,50", "1,2500", ",250", "1.234", "1.", "£1.2.3", "12a", "１２", "1e5", "+5", "£ ", "99999999999999999999"] {
            #expect(Money.pence(from: refused) == nil, "\(refused)")
        }
    }

    @Test func whatIsWrittenReadsBackTheSame() async {
        await propertyCheck(input: Gen.int(in: 0...Money.maximumPence)) { pence in
            #expect(Money.pence(from: Money.pounds(pence)) == pence)
            #expect(Money.pence(from: Money.poundsAndPence(pence)) == pence)
        }
    }
}
