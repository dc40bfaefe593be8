/// The pickle opcodes the restricted interpreter implements (protocols 0–4, data-only subset).
///
/// Any other byte in opcode position is rejected with ``WeightsError/unknownOpcode(path:offset:opcode:)``.
enum PickleOpcode: UInt8 {
    case mark = 0x28  // (
    case stop = 0x2E  // .
    case pop = 0x30  // 0
    case popMark = 0x31  // 1
    case dup = 0x32  // 2
    case binInt = 0x4A  // J: 4-byte signed
    case binInt1 = 0x4B  // K: 1-byte unsigned
    case binInt2 = 0x4D  // M: 2-byte unsigned
    case none = 0x4E  // N
    case persistentID = 0x50  // P: text persistent id (rejected when evaluated)
    case binPersistentID = 0x51  // Q
    case reduce = 0x52  // R
    case binString = 0x54  // T: 4-byte length
    case shortBinString = 0x55  // U: 1-byte length
    case binUnicode = 0x58  // X: 4-byte length, UTF-8
    case binBytes = 0x42  // B: 4-byte length
    case shortBinBytes = 0x43  // C: 1-byte length
    case append = 0x61  // a
    case build = 0x62  // b
    case global = 0x63  // c: "module\nname\n"
    case dict = 0x64  // d
    case emptyDict = 0x7D  // }
    case appends = 0x65  // e
    case get = 0x67  // g: decimal line
    case binGet = 0x68  // h
    case longBinGet = 0x6A  // j
    case list = 0x6C  // l
    case emptyList = 0x5D  // ]
    case put = 0x70  // p: decimal line
    case binPut = 0x71  // q
    case longBinPut = 0x72  // r
    case setItem = 0x73  // s
    case tuple = 0x74  // t
    case emptyTuple = 0x29  // )
    case setItems = 0x75  // u
    case binFloat = 0x47  // G: 8-byte big-endian double
    case proto = 0x80
    case newObj = 0x81
    case tuple1 = 0x85
    case tuple2 = 0x86
    case tuple3 = 0x87
    case newTrue = 0x88
    case newFalse = 0x89
    case long1 = 0x8A  // 1-byte length, little-endian two's complement
    case long4 = 0x8B  // 4-byte length
    case shortBinUnicode = 0x8C
    case binUnicode8 = 0x8D
    case binBytes8 = 0x8E
    case stackGlobal = 0x93
    case memoize = 0x94
    case frame = 0x95
}
