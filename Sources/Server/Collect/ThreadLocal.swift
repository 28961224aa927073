import Glibc

/// One value per thread, made on the thread's first use and released when the thread exits:
/// what each loop thread keeps without a lock (its read connection, its token memory).
final class ThreadLocal<Value: AnyObject>: @unchecked Sendable {
    // The key is created once and only read afterwards; each thread touches only its own slot.
    private var key = pthread_key_t()
    private let make: () throws -> Value

    init(_ make: @escaping () throws -> Value) {
        self.make = make
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
        }
    }

    /// The calling thread's value.
    func value() throws -> Value {
        if let pointer = pthread_getspecific(key) { return Unmanaged<Value>.fromOpaque(pointer).takeUnretainedValue() }
        let value = try make()
        pthread_setspecific(key, Unmanaged.passRetained(value).toOpaque())
        return value
    }
}
