import Testing
@testable import CohesionCore
