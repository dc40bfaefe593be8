import JukeboxTensor

/// A storage named in a PyTorch checkpoint: a flat array of `numel` elements of one dtype.
public struct TorchStorageRef: Sendable, Equatable, Hashable {
    /// The storage's key (the file name under `data/` in zip files; a memory address in legacy files).
    public let key: String
    /// Element type, from the storage class (`torch.FloatStorage` → float32, ...).
    public let dtype: DType
    /// Number of elements in the root storage.
    public let numel: Int
    /// Device tag recorded at save time (`cpu`, `cuda:0`); informational only.
    public let location: String
    /// For legacy storage views: the element offset of this view inside the root storage (0 otherwise).
    public let viewOffset: Int
    /// For legacy storage views: the view's element count; equals `numel - viewOffset` for plain storages.
    public let viewNumel: Int

    /// Describes a storage (or a view of one).
    public init(key: String, dtype: DType, numel: Int, location: String, viewOffset: Int = 0, viewNumel: Int? = nil) {
        self.key = key
        self.dtype = dtype
        self.numel = numel
        self.location = location
        self.viewOffset = viewOffset
        self.viewNumel = viewNumel ?? (numel - viewOffset)
    }
}

/// A tensor in a PyTorch checkpoint: a strided view of a storage, as `torch._utils._rebuild_tensor_v2` takes it.
public struct TorchTensorRef: Sendable, Equatable, Hashable {
    /// The storage holding the elements.
    public let storage: TorchStorageRef
    /// Offset of the first element, in elements, from the start of the (view) storage.
    public let storageOffset: Int
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// Stride of each dimension, in elements.
    public let stride: [Int]
    /// Whether the tensor was saved with `requires_grad`; informational only.
    public let requiresGrad: Bool

    /// Describes a strided tensor view.
    public init(storage: TorchStorageRef, storageOffset: Int, shape: [Int], stride: [Int], requiresGrad: Bool) {
        self.storage = storage
        self.storageOffset = storageOffset
        self.shape = shape
        self.stride = stride
        self.requiresGrad = requiresGrad
    }

    /// Element type (that of the storage).
    public var dtype: DType { storage.dtype }

    /// Number of elements, `product(shape)`.
    public var elementCount: Int { shape.reduce(1, *) }

    /// Whether the view is row-major contiguous (size-1 dimensions may have any stride).
    public var isContiguous: Bool {
        var expected = 1
        for (size, step) in zip(shape, stride).reversed() where size != 1 {
            if step != expected { return false }
            expected *= size
        }
        return true
    }
}
