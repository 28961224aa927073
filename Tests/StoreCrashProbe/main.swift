import Foundation
import Store

// Crash-safety probe: commits mutations through the writer as fast as it can and prints
// `ack <note-id>` for every one acknowledged (after its batch is durable). The StoreTests kill it
// with SIGKILL mid-stream and check that every acknowledged note survived.
//
//   StoreCrashProbe <database> <writers>

let arguments = CommandLine.arguments
guard arguments.count == 3, let writers = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: StoreCrashProbe <database> <writers>\n".utf8))
    exit(2)
}
let writer = try StoreWriter(path: arguments[1], auditKey: .unkeyed)
let seeded = DispatchSemaphore(value: 0)
writer.submit(Mutation(actor: "probe", idempotency: nil, apply: { context in
    if try context.caseRecord(id: "C-PROBE") == nil {
        try context.insert(CustomerRecord(id: "CU-PROBE", country: "SE", fullName: "Probe", nationalIDLookup: [1],
                                                     nationalIDSealed: [1], nationalIDMasked: "-", phone: "", email: "", language: "SV",
                                                     mandate: "NONE", addressLine: "", postalCode: "", city: ""))
        try context.insert(CaseRecord(id: "C-PROBE", customerID: "CU-PROBE", country: "SE", status: .open,
                                                 assignedHandler: "", segment: "", version: 1, openedOn: 0))
    }
    return []
}, completion: { _ in seeded.signal() }))
seeded.wait()
let output = NSLock()
let window = DispatchSemaphore(value: 256)
DispatchQueue.concurrentPerform(iterations: writers) { worker in
    var counter = 0
    while true {
        counter += 1
        let key = "w\(worker)-\(counter)"
        window.wait()
        writer.submit(Mutation(
            actor: "probe-\(worker)",
            idempotency: IdempotencyToken(principal: "probe", key: key, method: "/probe", requestHash: Array(key.utf8)),
            apply: { context in
                guard var caseRecord = try context.caseRecord(id: "C-PROBE") else { throw StoreError.notFound(entity: "case", id: "C-PROBE") }
                let id = try context.nextID("note", prefix: "N")
                try context.insert(NoteRecord(id: id, caseID: "C-PROBE", text: key, author: context.actor, createdAtMs: context.nowMs))
                let before = caseRecord.version
                caseRecord.version += 1
                try context.update(caseRecord, expectedVersion: before)
                try context.audit(action: "note.add", entity: "case", entityID: "C-PROBE", versionBefore: before,
                                  versionAfter: caseRecord.version, detail: id)
                return Array(id.utf8)
            },
            completion: { result in
                if case .success(let outcome) = result {
                    output.lock()
                    FileHandle.standardOutput.write(Data("ack \(String(decoding: outcome.response, as: UTF8.self)) \(key)\n".utf8))
                    output.unlock()
                }
                window.signal()
            }))
    }
}
