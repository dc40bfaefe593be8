import JukeboxTensor

/// A PyTorch checkpoint (`.pth`, `.pth.tar`, `.pt`) read without Python.
///
/// Both layouts are understood: the legacy non-zip `torch.save` format of the official Jukebox files and the zip
/// format of PyTorch ≥ 1.6. The pickle is run by a restricted interpreter (``PickleMachine``) that only builds
/// data. Opening a checkpoint decodes the object and locates every storage; tensor bytes are only touched when a
/// tensor is requested, one at a time, as views of the mapped file when they are contiguous.
public final class TorchCheckpoint: Sendable {
    /// Which `torch.save` layout the file uses.
    public enum Format: String, Sendable {
        /// Non-zip pickles followed by raw storages (PyTorch < 1.6, `_use_new_zipfile_serialization=False`).
        case legacy
        /// A ZIP archive with `data.pkl` and `data/<key>` entries.
        case zip
    }

    /// Where the state dict sits in the saved object.
    public enum StateDictLocation: Sendable, Equatable {
        /// The root if it is a dict of tensors, else `root['model']` (Jukebox's `save_checkpoint`), else
        /// `root['state_dict']`.
        case automatic
        /// `root[key]`.
        case key(String)
        /// No state dict (e.g. a codes file): ``entries`` is empty; reach tensors through ``root`` and
        /// ``tensor(_:name:)``.
        case none
    }

    /// One tensor of the state dict.
    public struct Entry: Sendable, Equatable {
        /// The key, without a `module.` prefix.
        public let name: String
        /// Where the tensor's elements are.
        public let reference: TorchTensorRef
    }

    /// The mapped file; tensors returned by this checkpoint keep it alive.
    public let file: MappedFile
    /// The layout of the file.
    public let format: Format
    /// The whole saved object, tensors included as ``PickleValue/tensor(_:)`` references.
    public let root: PickleValue
    /// The state dict's tensors in saved order.
    public let entries: [Entry]
    private let storages: [String: Range<Int>]
    private let index: [String: Int]

    /// Path of the file.
    public var path: String { file.path }

    /// Names of the state dict's tensors in saved order.
    public var names: [String] { entries.map(\.name) }

    /// Opens a checkpoint and finds its state dict.
    ///
    /// A leading `module.` (DistributedDataParallel) is removed from every state dict key, as the reference's
    /// `restore_model` does. Every tensor's view is checked against its storage here, so reading a tensor later
    /// cannot fail on bounds.
    /// - Parameters:
    ///   - path: the checkpoint file.
    ///   - stateDict: where the state dict is (see ``StateDictLocation``).
    /// - Throws: ``WeightsError/cannotOpen(path:reason:)``, ``WeightsError/notACheckpoint(path:reason:)``,
    ///   pickle, ZIP and storage errors, ``WeightsError/stateDictNotFound(path:reason:)``,
    ///   ``WeightsError/duplicateTensor(path:tensor:)`` and ``WeightsError/invalidView(path:tensor:reason:)``
    ///   when a tensor does not fit its storage.
    public convenience init(path: String, stateDict: StateDictLocation = .automatic) throws {
        try self.init(file: MappedFile(path: path), stateDict: stateDict)
    }

    /// Opens a checkpoint that is already mapped.
    ///
    /// - Throws: as ``init(path:stateDict:)``.
    public init(file: MappedFile, stateDict location: StateDictLocation = .automatic) throws {
        let path = file.path
        let head = try file.copyBytes(0..<min(4, file.count))
        let archive: TorchArchive
        if head == TorchZipFormat.signature {
            format = .zip
            archive = try TorchZipFormat.load(file)
        } else if head == TorchLegacyFormat.signature {
            format = .legacy
            archive = try TorchLegacyFormat.load(file)
        } else {
            throw WeightsError.notACheckpoint(
                path: path, reason: "starts with neither a ZIP header nor the legacy magic number pickle")
        }
        self.file = file
        root = archive.root
        storages = archive.storages
        let stateDict = try TorchCheckpoint.findStateDict(in: archive.root, location: location, path: path)
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        for pair in stateDict {
            guard case .string(var name) = pair.key else {
                throw WeightsError.stateDictNotFound(path: path, reason: "a state dict key is not a string")
            }
            if name.hasPrefix("module.") { name.removeFirst("module.".count) }
            guard case .tensor(let reference) = pair.value else {
                throw WeightsError.invalidTensor(path: path, tensor: name, reason: "state dict value is not a tensor")
            }
            guard index[name] == nil else { throw WeightsError.duplicateTensor(path: path, tensor: name) }
            try TorchCheckpoint.checkView(reference, name: name, storages: archive.storages, path: path)
            index[name] = entries.count
            entries.append(Entry(name: name, reference: reference))
        }
        self.entries = entries
        self.index = index
    }

    /// The top-level dict's entries with string keys (e.g. `hps`, `step`, `opt`); empty if the root is no dict.
    public var topLevel: [String: PickleValue] {
        Dictionary((root.stringKeyedEntries ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// `root['hps']`: the hyper-parameters Jukebox's trainer saved, if present.
    public var hyperparameters: PickleValue? { root["hps"] }

    /// `root['step']`: the training step, if present and an int.
    public var step: Int? { root["step"]?.intValue.flatMap { Int(exactly: $0) } }

    /// The entry for `name`, or `nil`.
    public func entry(named name: String) -> Entry? {
        index[name].map { entries[$0] }
    }

    /// The tensor called `name`, contiguous (a view of the file when the stored tensor is contiguous).
    ///
    /// - Throws: ``WeightsError/tensorNotFound(path:tensor:)``.
    public func tensor(named name: String) throws -> WeightTensor {
        guard let entry = entry(named: name) else { throw WeightsError.tensorNotFound(path: path, tensor: name) }
        return try tensor(entry)
    }

    /// The tensor of `entry` (one of ``entries``), contiguous.
    ///
    /// - Throws: ``WeightsError/missingStorage(path:key:)`` if the entry does not belong to this checkpoint.
    public func tensor(_ entry: Entry) throws -> WeightTensor {
        guard let range = storages[entry.reference.storage.key] else {
            throw WeightsError.missingStorage(path: path, key: entry.reference.storage.key)
        }
        return try TorchCheckpoint.materialize(entry, storage: range, file: file)
    }

    /// Reads any tensor referenced in ``root`` (for files without a state dict, such as saved codes).
    ///
    /// - Parameters:
    ///   - reference: a ``PickleValue/tensor(_:)`` payload found in ``root``.
    ///   - name: the name the result carries (and errors mention).
    /// - Throws: ``WeightsError/missingStorage(path:key:)`` or ``WeightsError/invalidView(path:tensor:reason:)``.
    public func tensor(_ reference: TorchTensorRef, name: String) throws -> WeightTensor {
        try TorchCheckpoint.checkView(reference, name: name, storages: storages, path: path)
        return try tensor(Entry(name: name, reference: reference))
    }

    /// Writes the state dict as a safetensors file, one tensor in memory at a time.
    ///
    /// - Parameters:
    ///   - destination: output path, replaced atomically.
    ///   - metadata: `__metadata__` of the output.
    /// - Throws: as ``tensor(_:)`` and ``SafeTensorsWriter/write(to:descriptors:metadata:bytes:)``.
    public func writeSafeTensors(to destination: String, metadata: [String: String] = [:]) throws {
        let descriptors = entries.map {
            SafeTensorsWriter.Descriptor(name: $0.name, dtype: $0.reference.dtype, shape: $0.reference.shape)
        }
        try SafeTensorsWriter.write(to: destination, descriptors: descriptors, metadata: metadata) { position in
            try tensor(entries[position]).bytes
        }
    }

    private static func findStateDict(
        in root: PickleValue, location: StateDictLocation, path: String
    ) throws -> [PickleValue.Pair] {
        switch location {
        case .none:
            return []
        case .key(let key):
            guard case .dict(let pairs)? = root[key] else {
                throw WeightsError.stateDictNotFound(path: path, reason: "no dict under the top-level key '\(key)'")
            }
            return pairs
        case .automatic:
            if case .dict(let pairs) = root, !pairs.isEmpty,
                pairs.allSatisfy({ if case .tensor = $0.value { true } else { false } })
            {
                return pairs
            }
            for candidate in ["model", "state_dict"] {
                if case .dict(let pairs)? = root[candidate] { return pairs }
            }
            throw WeightsError.stateDictNotFound(
                path: path, reason: "the root is not a dict of tensors and has no 'model' or 'state_dict' dict")
        }
    }
}
