import JukeboxTensor

/// Reads a `.safetensors` file: an 8-byte little-endian header length, a JSON header, then the tensor data.
///
/// The file is memory-mapped; ``tensor(named:)`` returns views into the mapping without copying. Every entry of
/// the header is validated when the file is opened, so a reader that opened successfully never fails later
/// except for unknown names.
public final class SafeTensorsReader: Sendable {
    /// Largest header accepted, in bytes (100 MB); larger values mean a corrupt or hostile file.
    public static let maxHeaderSize = 100_000_000

    /// Where one tensor lives in the file.
    public struct Entry: Sendable, Equatable {
        /// The tensor's name.
        public let name: String
        /// Element type.
        public let dtype: DType
        /// Dimensions, outermost first.
        public let shape: [Int]
        /// Absolute byte range in the file.
        public let byteRange: Range<Int>
    }

    /// The mapped file; tensors returned by this reader keep it alive.
    public let file: MappedFile
    /// Entries in header order.
    public let entries: [Entry]
    /// The `__metadata__` string map (empty when absent).
    public let metadata: [String: String]
    private let index: [String: Int]

    /// Path of the file.
    public var path: String { file.path }

    /// Names of all tensors in header order.
    public var names: [String] { entries.map(\.name) }

    /// Opens and validates a safetensors file.
    ///
    /// - Parameter path: the file to read.
    /// - Throws: ``WeightsError/cannotOpen(path:reason:)``,
    ///   ``WeightsError/headerLength(path:declared:available:limit:)``, ``WeightsError/invalidHeader(path:reason:)``, ``WeightsError/duplicateTensor(path:tensor:)``,
    ///   ``WeightsError/unknownDType(path:tensor:dtype:)``, ``WeightsError/invalidTensor(path:tensor:reason:)``,
    ///   ``WeightsError/offsetsOutOfRange(path:tensor:begin:end:dataSize:)`` or
    ///   ``WeightsError/byteCountMismatch(path:tensor:expected:actual:)``.
    public convenience init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    /// Validates a safetensors file that is already mapped.
    ///
    /// - Throws: as ``init(path:)``.
    public init(file: MappedFile) throws {
        self.file = file
        let path = file.path
        guard file.count >= 8 else {
            throw WeightsError.outOfBounds(path: path, offset: 0, count: 8, size: file.count)
        }
        let declared = try file.readLittleEndian(UInt64.self, at: 0)
        let available = file.count - 8
        guard declared <= UInt64(SafeTensorsReader.maxHeaderSize), declared <= UInt64(available) else {
            throw WeightsError.headerLength(
                path: path, declared: declared, available: available, limit: SafeTensorsReader.maxHeaderSize)
        }
        let headerRange = 8..<(8 + Int(declared))
        let json: HeaderJSON = try file.withBytes(headerRange) { bytes in
            do throws(HeaderJSON.Failure) {
                return try HeaderJSON.parse(bytes)
            } catch .duplicateKey(let key) {
                throw WeightsError.duplicateTensor(path: path, tensor: key)
            } catch .syntax(let message, let offset) {
                throw WeightsError.invalidHeader(path: path, reason: "\(message) at header byte \(offset)")
            }
        }
        guard case .object(let members) = json else {
            throw WeightsError.invalidHeader(path: path, reason: "the header is not a JSON object")
        }
        let dataStart = headerRange.upperBound
        let dataSize = file.count - dataStart
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        var index: [String: Int] = [:]
        for (name, value) in members {
            if name == "__metadata__" {
                metadata = try SafeTensorsReader.parseMetadata(value, path: path)
                continue
            }
            let entry = try SafeTensorsReader.parseEntry(
                name: name, value: value, path: path, dataStart: dataStart, dataSize: dataSize)
            index[name] = entries.count
            entries.append(entry)
        }
        self.entries = entries
        self.metadata = metadata
        self.index = index
    }

    /// The entry for `name`, or `nil`.
    public func entry(named name: String) -> Entry? {
        index[name].map { entries[$0] }
    }

    /// The tensor called `name`, as a view into the mapped file.
    ///
    /// - Throws: ``WeightsError/tensorNotFound(path:tensor:)`` if there is no such tensor.
    public func tensor(named name: String) throws -> WeightTensor {
        guard let entry = entry(named: name) else { throw WeightsError.tensorNotFound(path: path, tensor: name) }
        return try tensor(entry)
    }

    /// The tensor described by `entry` (one of ``entries``), as a view into the mapped file.
    ///
    /// - Throws: ``WeightsError/outOfBounds(path:offset:count:size:)`` if the entry does not belong to this file.
    public func tensor(_ entry: Entry) throws -> WeightTensor {
        WeightTensor(name: entry.name, dtype: entry.dtype, shape: entry.shape, bytes: try file.region(entry.byteRange))
    }

    /// All tensors in header order, as views into the mapped file.
    ///
    /// - Throws: as ``tensor(_:)``.
    public func allTensors() throws -> [WeightTensor] {
        try entries.map { try tensor($0) }
    }

    private static func parseMetadata(_ value: HeaderJSON, path: String) throws -> [String: String] {
        guard case .object(let members) = value else {
            throw WeightsError.invalidHeader(path: path, reason: "__metadata__ is not an object")
        }
        var result: [String: String] = [:]
        for (key, item) in members {
            guard case .string(let text) = item else {
                throw WeightsError.invalidHeader(path: path, reason: "__metadata__ value of '\(key)' is not a string")
            }
            result[key] = text
        }
        return result
    }

    private static func parseEntry(
        name: String, value: HeaderJSON, path: String, dataStart: Int, dataSize: Int
    ) throws -> Entry {
        func invalid(_ reason: String) -> WeightsError { .invalidTensor(path: path, tensor: name, reason: reason) }
        guard case .object(let fields) = value else { throw invalid("entry is not an object") }
        let field = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        guard case .string(let code)? = field["dtype"] else { throw invalid("missing or non-string 'dtype'") }
        guard let dtype = DType(safeTensorsCode: code) else {
            throw WeightsError.unknownDType(path: path, tensor: name, dtype: code)
        }
        guard case .array(let dims)? = field["shape"] else { throw invalid("missing or non-array 'shape'") }
        var shape: [Int] = []
        var elements = 1
        for dim in dims {
            guard let size = dim.unsignedValue, let int = Int(exactly: size) else {
                throw invalid("shape entries must be non-negative integers")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: int)
            guard !overflow else { throw invalid("shape \(dims.count)-d product overflows") }
            elements = product
            shape.append(int)
        }
        let (expected, overflow) = elements.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else { throw invalid("byte size overflows") }
        guard case .array(let offsets)? = field["data_offsets"], offsets.count == 2,
            let begin = offsets[0].unsignedValue, let end = offsets[1].unsignedValue
        else { throw invalid("'data_offsets' must be two non-negative integers") }
        guard begin <= end, end <= UInt64(dataSize) else {
            throw WeightsError.offsetsOutOfRange(path: path, tensor: name, begin: begin, end: end, dataSize: dataSize)
        }
        let actual = Int(end - begin)
        guard actual == expected else {
            throw WeightsError.byteCountMismatch(path: path, tensor: name, expected: expected, actual: actual)
        }
        let lower = dataStart + Int(begin)
        return Entry(name: name, dtype: dtype, shape: shape, byteRange: lower..<(lower + actual))
    }
}
