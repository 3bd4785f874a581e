/// Mutable table tree used while parsing. Reference semantics make it easy to
/// keep a "current table" and to append to the last element of a `[[table]]`
/// array; the tree is frozen into value types at the end.
final class TableNode {
    /// How the table came to exist; TOML forbids redefining tables in some ways
    /// and these states let the builder tell which.
    enum Origin {
        case header        // defined by [a.b]
        case implicit      // created as a parent of [a.b.c], may be defined later
        case dotted        // created by a dotted key a.b = 1
        case inline        // an inline table { ... }; frozen once closed
    }

    enum Child {
        case value(TomlValue)
        case table(TableNode)
        case tableArray([TableNode])   // from [[a]] headers only
    }

    var origin: Origin
    var line: Int
    var keys: [String] = []
    var children: [String: (child: Child, line: Int)] = [:]

    init(origin: Origin, line: Int) {
        self.origin = origin
        self.line = line
    }

    func set(_ key: String, _ child: Child, line: Int) {
        if children[key] == nil { keys.append(key) }
        children[key] = (child, line)
    }

    func freeze() -> TomlTable {
        var table = TomlTable(line: line)
        for key in keys {
            guard let (child, line) = children[key] else { continue }
            switch child {
            case .value(let value):
                table.set(key, value, line: line)
            case .table(let node):
                table.set(key, .table(node.freeze()), line: line)
            case .tableArray(let nodes):
                table.set(key, .array(nodes.map { .table($0.freeze()) }), line: line)
            }
        }
        return table
    }
}

/// Applies headers and key/value pairs to the tree, enforcing TOML's rules
/// against defining anything twice.
struct TomlBuilder {
    let file: String
    let root = TableNode(origin: .header, line: 1)
    private(set) var current: TableNode
    private(set) var currentPath: [String] = []

    init(file: String) {
        self.file = file
        current = root
    }

    private func fail(_ line: Int, _ path: [String], _ message: String) -> TomlError {
        TomlError(file: file, line: line, key: path.isEmpty ? nil : Toml.dottedKey(path), message: message)
    }

    /// Walks/creates the parents of a header path (all components but the last).
    private func parentForHeader(_ path: [String], line: Int) throws(TomlError) -> TableNode {
        var node = root
        for (i, part) in path.dropLast().enumerated() {
            let sofar = Array(path[...i])
            if let (child, _) = node.children[part] {
                switch child {
                case .table(let t):
                    if t.origin == .inline { throw fail(line, sofar, "cannot extend an inline table") }
                    node = t
                case .tableArray(let list):
                    guard let last = list.last else { throw fail(line, sofar, "empty array of tables") }
                    node = last
                case .value(.table):
                    throw fail(line, sofar, "cannot extend an inline table")
                case .value(let v):
                    throw fail(line, sofar, "already defined as \(v.kindDescription), not a table")
                }
            } else {
                let t = TableNode(origin: .implicit, line: line)
                node.set(part, .table(t), line: line)
                node = t
            }
        }
        return node
    }

    /// `[a.b.c]`
    mutating func openTable(_ path: [String], line: Int) throws(TomlError) {
        let parent = try parentForHeader(path, line: line)
        let name = path[path.count - 1]
        if let (child, firstLine) = parent.children[name] {
            switch child {
            case .table(let t) where t.origin == .implicit:
                t.origin = .header
                t.line = line
                current = t
            case .table(let t) where t.origin == .dotted:
                throw fail(line, path, "table already defined by dotted keys on line \(firstLine)")
            case .table:
                throw fail(line, path, "table defined twice (first on line \(firstLine))")
            case .tableArray:
                throw fail(line, path, "already defined as an array of tables on line \(firstLine)")
            case .value(let v):
                throw fail(line, path, "already defined as \(v.kindDescription) on line \(firstLine)")
            }
        } else {
            let t = TableNode(origin: .header, line: line)
            parent.set(name, .table(t), line: line)
            current = t
        }
        currentPath = path
    }

    /// `[[a.b]]`
    mutating func appendTable(_ path: [String], line: Int) throws(TomlError) {
        let parent = try parentForHeader(path, line: line)
        let name = path[path.count - 1]
        let element = TableNode(origin: .header, line: line)
        if let (child, firstLine) = parent.children[name] {
            guard case .tableArray(var list) = child else {
                let what: String
                switch child {
                case .value(.array): what = "a static array"
                case .value(let v): what = v.kindDescription
                default: what = "a table"
                }
                throw fail(line, path, "cannot append to \(what) defined on line \(firstLine)")
            }
            list.append(element)
            parent.children[name] = (.tableArray(list), firstLine)
        } else {
            parent.set(name, .tableArray([element]), line: line)
        }
        current = element
        currentPath = path
    }

    /// `a.b.c = value` inside `table` (the current table, or an inline table).
    /// `prefix` is the path of `table`, for error messages.
    func assign(
        _ key: [String], _ value: TomlValue, in table: TableNode, prefix: [String], line: Int
    ) throws(TomlError) {
        var node = table
        for (i, part) in key.dropLast().enumerated() {
            let sofar = prefix + key[...i]
            if let (child, firstLine) = node.children[part] {
                switch child {
                case .table(let t) where t.origin == .dotted:
                    node = t
                case .table:
                    throw fail(line, sofar, "table already defined on line \(firstLine); cannot add to it with a dotted key here")
                case .tableArray:
                    throw fail(line, sofar, "already defined as an array of tables on line \(firstLine)")
                case .value(.table):
                    throw fail(line, sofar, "cannot extend the inline table defined on line \(firstLine)")
                case .value(let v):
                    throw fail(line, sofar, "already defined as \(v.kindDescription) on line \(firstLine)")
                }
            } else {
                let t = TableNode(origin: .dotted, line: line)
                node.set(part, .table(t), line: line)
                node = t
            }
        }
        let name = key[key.count - 1]
        if let (_, firstLine) = node.children[name] {
            throw fail(line, prefix + key, "duplicate key (first defined on line \(firstLine))")
        }
        node.set(name, .value(value), line: line)
    }
}
