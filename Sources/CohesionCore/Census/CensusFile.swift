import Foundation

/// Reads a Census file in whichever layout it comes: the ONS bulk layout (`date,geography,
/// geography code,…`), or one of the reshaped extracts Cohesion knows by their columns (TS029
/// for MSOAs, TS012 long, age and sex by district). An importer calls this so people don't have
/// to say which layout their file is in.
public enum CensusFile {
    public static func parse(csv text: String) throws(DataFileError) -> ONSCensusTable {
        let header = try CSVReader.records(in: String(text.prefix(while: { $0 != "\n" && $0 != "\r" }))).first
        let names = Set((header?.fields ?? []).map { $0.trimmingSpaces.lowercased() })
        if names.contains("geography code") { return try ONSCensusTable.parse(csv: text) }
        if names.contains("msoa21_code"), names.contains("proportion who cannot speak english (well)") {
            return try ONSCensusTable.parseWide(csv: text, layout: .ts029MSOASubset)
        }
        if names.isSuperset(of: ["ltla21_code", "country_of_birth", "value"]) {
            return try ONSCensusTable.parseLong(csv: text, layout: .ts012CountryOfBirthLong)
        }
        if names.isSuperset(of: ["ltla21_code", "total_population"]) {
            return try ONSCensusTable.parseWide(csv: text, layout: .ageAndSexByDistrict)
        }
        // Not a layout we know: report what the bulk layout needs.
        return try ONSCensusTable.parse(csv: text)
    }
}
