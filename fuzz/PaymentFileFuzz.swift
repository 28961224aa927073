// libFuzzer target for one payment-file parser (BgMax, Nets OCR giro or Betalingsservice 0602),
// built by fuzz/run-payment-files.sh together with the Domain and PaymentFiles sources (outside
// the SwiftPM build). The format is chosen at build time (-D FUZZ_BGMAX, FUZZ_OCRGIRO, FUZZ_BS);
// an input that does not start with the format's start record gets one in front, so every run
// reaches that format's record checks.
// Invariants checked: reading never crashes or traps; reading in one chunk and in small chunks
// gives the same payments or the same refusal; a file that passes its first pass gives the same
// summary and payments in its second pass, each payment's amount is not negative and the count
// is the summary's.

#if FUZZ_BGMAX
private let start = Array("01BGMAX               0120261201103015123456P".utf8) + Array(repeating: 0x20, count: 35) + [0x0D, 0x0A]
#elseif FUZZ_OCRGIRO
private let start = Array("NY000010000080800170604555555550000000000000000000000000000000000000000000000000\r\n".utf8)
#else
private let start = Array("BS00287654321BS106020000000001                   021226".utf8) + Array(repeating: 0x20, count: 73) + [0x0D, 0x0A]
#endif

private enum Outcome: Equatable {
    case read(PaymentFileSummary, [FilePayment])
    case refused(PaymentFileError)
}

private func readAll(_ bytes: [UInt8], chunk: Int) -> Outcome {
    do {
        var first = PaymentFileReader(limits: .init(maxRecords: 4_096, maxSections: 64))
        var offset = 0
        while offset < bytes.count {
            try first.read(bytes[offset..<min(bytes.count, offset + chunk)]) { _ in }
            offset += chunk
        }
        let summary = try first.finish { _ in }
        var second = PaymentFileReader(sectionDays: summary.sectionDays, limits: .init(maxRecords: 4_096, maxSections: 64))
        var payments: [FilePayment] = []
        try second.read(bytes) { payments.append($0) }
        let again = try second.finish { payments.append($0) }
        precondition(again == summary, "the second pass summarised the file differently")
        precondition(payments.count == summary.payments || summary.format == .betalingsservice || summary.format == .ocrGiro,
                     "payments reported differ from the summary")
        precondition(payments.allSatisfy { $0.amountMinor >= 0 && $0.paidOn != nil }, "a payment with a negative amount or no date")
        return .read(summary, payments)
    } catch let error as PaymentFileError {
        return .refused(error)
    } catch {
        preconditionFailure("not a PaymentFileError: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = Array(UnsafeBufferPointer(start: data, count: size))
    if !input.starts(with: start.prefix(8)) { input = start + input }
    let whole = readAll(input, chunk: max(1, input.count))
    let small = readAll(input, chunk: Int(input.count % 13) + 1)
    precondition(whole == small, "chunking changed the outcome")
    return 0
}
