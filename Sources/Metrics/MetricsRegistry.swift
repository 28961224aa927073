import Synchronization

/// The server's metrics, rendered in Prometheus' text exposition format (version 0.0.4).
///
/// Written here rather than taken from swift-prometheus: what Collect needs is counters, gauges
/// and fixed-bucket histograms with bounded labels and one renderer, about 250 lines, while the
/// library brings swift-metrics' global bootstrap and floating-point values with it.
public final class MetricsRegistry: Sendable {
    private enum Entry: Sendable {
        case counter(MetricFamily<Counter>)
        case gauge(MetricFamily<Gauge>)
        case histogram(MetricFamily<Histogram>)
        case computed(name: String, help: String, type: String, read: @Sendable () -> Int64)

        var name: String {
            switch self {
            case .counter(let family): family.name
            case .gauge(let family): family.name
            case .histogram(let family): family.name
            case .computed(let name, _, _, _): name
            }
        }
    }

    private let entries = Mutex<[Entry]>([])

    /// Series per family at most, unless a family says otherwise.
    public static let seriesMaxDefault = 512

    /// An empty registry.
    public init() {}

    /// Registers a counter family; a name may be registered once.
    public func counter(_ name: String, help: String, labels: [String] = [], seriesMax: Int = seriesMaxDefault) -> MetricFamily<Counter> {
        let family = MetricFamily(name: name, help: help, labelNames: labels, seriesMax: seriesMax) { Counter() }
        register(.counter(family))
        return family
    }

    /// Registers a gauge family.
    public func gauge(_ name: String, help: String, labels: [String] = [], seriesMax: Int = seriesMaxDefault) -> MetricFamily<Gauge> {
        let family = MetricFamily(name: name, help: help, labelNames: labels, seriesMax: seriesMax) { Gauge() }
        register(.gauge(family))
        return family
    }

    /// Registers a histogram family with bucket `bounds` in the observed unit; `divisor` observed
    /// units make one rendered unit (1 000 000 for microseconds observed into a `_seconds` metric).
    public func histogram(_ name: String, help: String, labels: [String] = [], bounds: [Int64], divisor: Int64 = 1,
                          seriesMax: Int = seriesMaxDefault) -> MetricFamily<Histogram> {
        let family = MetricFamily(name: name, help: help, labelNames: labels, seriesMax: seriesMax) {
            Histogram(bounds: bounds, divisor: divisor)
        }
        register(.histogram(family))
        return family
    }

    /// Registers a value read when rendered (a queue's depth, a cache's hits kept elsewhere);
    /// `type` is `counter` or `gauge`.
    public func computed(_ name: String, help: String, type: String, read: @escaping @Sendable () -> Int64) {
        precondition(Self.isValidName(name) && (type == "counter" || type == "gauge"), "invalid computed metric \(name) \(type)")
        register(.computed(name: name, help: help, type: type, read: read))
    }

    private func register(_ entry: Entry) {
        entries.withLock { all in
            precondition(!all.contains { $0.name == entry.name }, "metric \(entry.name) registered twice")
            all.append(entry)
        }
    }

    /// Every metric in the text exposition format, families in registration order.
    public func render() -> String {
        var out = ""
        for entry in entries.withLock({ $0 }) {
            switch entry {
            case .counter(let family):
                header(&out, family.name, family.help, "counter")
                for (values, counter) in family.all { line(&out, family.name, family.labelNames, values, String(counter.current)) }
            case .gauge(let family):
                header(&out, family.name, family.help, "gauge")
                for (values, gauge) in family.all { line(&out, family.name, family.labelNames, values, String(gauge.current)) }
            case .histogram(let family):
                header(&out, family.name, family.help, "histogram")
                for (values, histogram) in family.all {
                    let snapshot = histogram.snapshot
                    for (index, bound) in (histogram.bounds.map(histogram.rendered) + ["+Inf"]).enumerated() {
                        line(&out, family.name + "_bucket", family.labelNames + ["le"], values + [bound], String(snapshot.cumulative[index]))
                    }
                    line(&out, family.name + "_sum", family.labelNames, values, histogram.rendered(snapshot.sum))
                    line(&out, family.name + "_count", family.labelNames, values, String(snapshot.count))
                }
            case .computed(let name, let help, let type, let read):
                header(&out, name, help, type)
                line(&out, name, [], [], String(read()))
            }
        }
        return out
    }

    private func header(_ out: inout String, _ name: String, _ help: String, _ type: String) {
        out += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    private func line(_ out: inout String, _ name: String, _ labelNames: [String], _ values: [String], _ value: String) {
        out += name
        if !labelNames.isEmpty {
            out += "{" + zip(labelNames, values).map { "\($0)=\"\(Self.escapeLabel($1))\"" }.joined(separator: ",") + "}"
        }
        out += " \(value)\n"
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" || first == ":" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == ":" }
    }

    /// A metric name without colons, not starting with `__` (reserved).
    static func isValidLabelName(_ name: String) -> Bool {
        isValidName(name) && !name.contains(":") && !name.hasPrefix("__")
    }

    /// Backslash, double quote and line feed escaped, as the format requires in label values.
    static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Backslash and line feed escaped, as the format requires in help text.
    static func escapeHelp(_ text: String) -> String {
        text.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    /// Without Foundation: every `target` replaced.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
