import JukeboxClient
import Testing

@Test func levelsAndNumbersAreCommaSeparated() {
    #expect(ListArgument.integers("2,1,0") == [2, 1, 0])
    #expect(ListArgument.integers(" 2 , 1") == [2, 1])
    #expect(ListArgument.numbers("0.98,0.99,1") == [0.98, 0.99, 1])
}

@Test func badElementsRefuseTheWholeList() {
    #expect(ListArgument.integers("2,,0") == nil)
    #expect(ListArgument.integers("2,x") == nil)
    #expect(ListArgument.integers("") == nil)
    #expect(ListArgument.numbers("0.5,nan") == nil)
    #expect(ListArgument.numbers("0.5,inf,1") == nil)
}
