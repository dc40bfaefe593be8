/// Runtime failures of tensor kernels caused by data rather than by programming mistakes.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// An id given to ``embedding(_:ids:)`` is outside the table. Carries the offending id, its
    /// position in the id list and the number of table rows; check the vocabulary or codebook size
    /// the ids were produced for.
    case indexOutOfRange(index: Int, position: Int, tableRows: Int)

    /// A readable explanation.
    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let position, let rows):
            "id \(index) at position \(position) is outside the embedding table of \(rows) rows; "
                + "check that the ids come from the vocabulary this table was trained for"
        }
    }
}
