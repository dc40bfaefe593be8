import JukeboxTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `.safetensors` files atomically and in a streaming fashion.
///
/// The header needs every tensor's name, dtype and shape up front; the bytes are then requested one tensor at a
/// time, written and released, so converting a multi-gigabyte checkpoint holds at most one tensor in memory.
/// Output goes to a temporary file next to the destination, which is `fsync`ed and renamed into place; on any
/// failure the temporary file is removed and the destination is left untouched.
public enum SafeTensorsWriter {
    /// Name, dtype and shape of one tensor to write.
    public struct Descriptor: Sendable, Equatable {
        /// The tensor's key.
        public let name: String
        /// Element type.
        public let dtype: DType
        /// Dimensions, outermost first.
        public let shape: [Int]

        /// Describes one tensor to write.
        public init(name: String, dtype: DType, shape: [Int]) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
        }

        /// `product(shape) * dtype.byteSize`.
        public var byteCount: Int { shape.reduce(1, *) * dtype.byteSize }
    }

    /// Writes the tensors described by `descriptors`, asking `bytes` for each one's data in order.
    ///
    /// - Parameters:
    ///   - path: destination; replaced atomically.
    ///   - descriptors: the tensors, in the order their data is laid out.
    ///   - metadata: written as `__metadata__` when not empty.
    ///   - bytes: called once per descriptor, in order, with its index; returns exactly `byteCount` bytes
    ///     (row-major, little-endian). A mapped ``ByteRegion`` is written without copying.
    /// - Throws: ``WeightsError/duplicateTensor(path:tensor:)`` or ``WeightsError/invalidTensor(path:tensor:reason:)``
    ///   for bad descriptors, ``WeightsError/byteCountMismatch(path:tensor:expected:actual:)`` when `bytes`
    ///   returns the wrong amount, ``WeightsError/writeFailed(path:reason:)`` for I/O errors, and whatever
    ///   `bytes` throws.
    public static func write(
        to path: String, descriptors: [Descriptor], metadata: [String: String] = [:],
        bytes: (Int) throws -> ByteRegion
    ) throws {
        let header = try makeHeader(path: path, descriptors: descriptors, metadata: metadata)
        let output = try TemporaryOutput(destination: path)
        do {
            var length = UInt64(header.count).littleEndian
            try withUnsafeBytes(of: &length) { try output.write($0) }
            try header.withUnsafeBytes { try output.write($0) }
            for (index, descriptor) in descriptors.enumerated() {
                let region = try bytes(index)
                guard region.count == descriptor.byteCount else {
                    throw WeightsError.byteCountMismatch(
                        path: path, tensor: descriptor.name, expected: descriptor.byteCount, actual: region.count)
                }
                try region.withUnsafeBytes { try output.write($0) }
            }
            try output.commit()
        } catch {
            output.discard()
            throw error
        }
    }

    /// Writes a list of tensors already in memory (or mapped), in order.
    ///
    /// - Throws: as ``write(to:descriptors:metadata:bytes:)``.
    public static func write(to path: String, tensors: [WeightTensor], metadata: [String: String] = [:]) throws {
        let descriptors = tensors.map { Descriptor(name: $0.name, dtype: $0.dtype, shape: $0.shape) }
        try write(to: path, descriptors: descriptors, metadata: metadata) { tensors[$0].bytes }
    }

    /// The JSON header, padded with spaces to a multiple of 8 bytes so that the data section is aligned.
    static func makeHeader(path: String, descriptors: [Descriptor], metadata: [String: String]) throws -> [UInt8] {
        var json = "{"
        var members: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(quote($0)):\(quote(metadata[$0]!))" }
            members.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var seen = Set<String>()
        var offset = 0
        for descriptor in descriptors {
            guard descriptor.name != "__metadata__", seen.insert(descriptor.name).inserted else {
                throw WeightsError.duplicateTensor(path: path, tensor: descriptor.name)
            }
            guard descriptor.shape.allSatisfy({ $0 >= 0 }) else {
                throw WeightsError.invalidTensor(path: path, tensor: descriptor.name, reason: "negative dimension")
            }
            let end = offset + descriptor.byteCount
            let shape = descriptor.shape.map(String.init).joined(separator: ",")
            members.append(
                "\(quote(descriptor.name)):{\"dtype\":\"\(descriptor.dtype.safeTensorsCode)\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        json += members.joined(separator: ",") + "}"
        var bytes = Array(json.utf8)
        while bytes.count % 8 != 0 { bytes.append(0x20) }
        return bytes
    }

    /// A JSON string literal for `text`.
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// The C `write(2)`, reachable from inside a type that has its own `write` method.
private func posixWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}

/// A temporary file beside a destination, renamed over it on commit.
private final class TemporaryOutput {
    let destination: String
    let temporary: String
    private var fd: Int32

    init(destination: String) throws {
        self.destination = destination
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[..<$0]) } ?? "."
        let base = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        var template = Array("\(directory)/.\(base).tmp-XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WeightsError.writeFailed(path: destination, reason: MappedFile.lastError()) }
        temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(fd, 0o644)
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let written = posixWrite(fd, buffer.baseAddress! + done, buffer.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                throw WeightsError.writeFailed(path: destination, reason: MappedFile.lastError())
            }
            done += written
        }
    }

    func commit() throws {
        guard fsync(fd) == 0 else { throw WeightsError.writeFailed(path: destination, reason: MappedFile.lastError()) }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { throw WeightsError.writeFailed(path: destination, reason: MappedFile.lastError()) }
        guard rename(temporary, destination) == 0 else {
            throw WeightsError.writeFailed(path: destination, reason: MappedFile.lastError())
        }
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[..<$0]) } ?? "."
        let directoryFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        unlink(temporary)
    }
}
