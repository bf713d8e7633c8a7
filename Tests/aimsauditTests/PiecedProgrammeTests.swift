import Foundation
import SafeYAML
import Testing
@testable import Workpaper

/// The programmes `aimsaudit-dev synth` writes for benchmarks are the large ones read a list
/// element at a time: they must read as they do composed whole.
@Suite struct PiecedProgrammeTests {
    @Test func aSyntheticProgrammeReadsTheSameInPiecesAsWhole() throws {
        let synth = try CLI.run(CLI.devBinary, ["synth", "--entries", "400", "--people", "30", "--systems", "5"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let bytes = Array(synth.stdout.utf8)
        let pieces = try #require(SafeYAML.Pieces(try SafeYAML.checked(bytes), lists: ProgrammeDecoder.sections))
        #expect(pieces.composeRest())
        let pieced = try ProgrammeLoader.parse(bytes, path: "synth.yaml")
        #expect(pieced.controls.count >= 400)
        #expect(pieced == (try ProgrammeLoader.parse(bytes, path: "synth.yaml", whole: true)))
    }
}
