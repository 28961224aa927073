/// The payment file formats the importer reads, recognised by their first record.
public enum PaymentFileFormat: String, Sendable, Hashable, CaseIterable {
    /// Bankgirot BgMax (Bankgiro Inbetalningar), Sweden: 80-byte records, ISO-8859-1, CR LF.
    case bgMax = "BGMAX"
    /// Nets OCR giro, Norway: 80-byte records.
    case ocrGiro = "OCR_GIRO"
    /// Nets Betalingsservice and indbetalingskort (FI), Denmark, delivery 0602
    /// "Betalingsoplysninger": 128-byte records.
    case betalingsservice = "BS_0602"

    /// The format whose start record begins `prefix`, nil when none does.
    static func recognise(_ prefix: ArraySlice<UInt8>) -> PaymentFileFormat? {
        if prefix.starts(with: "01BGMAX".utf8) { return .bgMax }
        if prefix.starts(with: "NY000010".utf8) { return .ocrGiro }
        if prefix.starts(with: "BS002".utf8) { return .betalingsservice }
        return nil
    }

    /// Bytes a start record must have before the format can be told.
    static let recognitionBytes = 8

    /// The record length in bytes.
    public var recordLength: Int {
        switch self {
        case .bgMax, .ocrGiro: 80
        case .betalingsservice: 128
        }
    }

    /// The currency every payment in a file of this format is in.
    public var currency: String {
        switch self {
        case .bgMax: "SEK"
        case .ocrGiro: "NOK"
        case .betalingsservice: "DKK"
        }
    }
}
