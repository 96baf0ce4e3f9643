import Foundation
import Mustache
import AttacheModel
import AttacheBytes
import AttacheMarkdown
import AttacheGraph

/// Templates as `MustacheParser` parses them, rendered by Attaché's own interpreter.
///
/// swift-mustache resolves every `{{name}}` through half a dozen runtime
/// protocol casts per context level (`MustacheParent`,
/// `MustacheCustomRepresentation`, `MustacheCustomRenderable`, …): on the
/// 10,000-entry corpus that was a quarter of the build. This interpreter
/// follows swift-mustache's rendering rules step by step, trying the
/// concrete types view models use (`ModelObject` and `[String: Any]`, arrays
/// of them, `String`, `Int`, `Bool`) before the protocols; values of other
/// types take swift-mustache's path through its public protocols.
/// swift-mustache is the oracle: `TemplateEngineTests` and
/// `MustacheParserTests` render the same templates and contexts through
/// both and compare the bytes.
package struct CompiledTemplates: @unchecked Sendable {
    // @unchecked: content types are Sendable; `Any` payloads never appear in nodes.

    package final class Template: @unchecked Sendable {
        let nodes: [Node]
        init(_ nodes: [Node]) { self.nodes = nodes }
    }

    /// How a tag names its value.
    package enum Name {
        /// `{{.}}`: the top of the context stack.
        case current
        /// `{{first()}}` and friends: the position in the enclosing list.
        case sequence
        /// `{{.a.b}}`: looked up in the top of the stack only.
        case topOnly([Part])
        /// `{{a.b}}`: `a` from the nearest context that has it, then `b` inside it.
        case path([Part])

        init(_ name: String, hasTransforms: Bool) {
            if name == "." { self = .current }
            else if name.isEmpty && hasTransforms { self = .sequence }
            else if name.first == "." { self = .topOnly(name.split(separator: ".").map { Part(String($0)) }) }
            else { self = .path(name.split(separator: ".").map { Part(String($0)) }) }
        }
    }

    /// One part of a dotted name, with the view-model key it names (found
    /// once here, so model objects are searched by key while rendering).
    package struct Part {
        let name: String
        let key: ModelKey?
        init(_ name: String) {
            self.name = name
            self.key = ModelKey(name: name)
        }
    }

    /// `{{name}}` or `{{{name}}}`.
    package final class Variable {
        let name: Name
        let transforms: [String]
        let escaped: Bool
        init(_ name: Name, transforms: [String], escaped: Bool) {
            self.name = name
            self.transforms = transforms
            self.escaped = escaped
        }
    }

    /// `{{#name}}…{{/name}}` or `{{^name}}…{{/name}}`.
    package final class Section {
        let name: Name
        let transforms: [String]
        let body: Template
        let inverted: Bool
        init(_ name: Name, transforms: [String], body: Template, inverted: Bool) {
            self.name = name
            self.transforms = transforms
            self.body = body
            self.inverted = inverted
        }
    }

    /// Every case holds one reference (the rare ones boxed by `indirect`):
    /// nodes are copied out of their array on every visit, and a copy is
    /// then one retain instead of a call through the enum's value witnesses
    /// (which an existential payload forced).
    package enum Node {
        case text([UInt8])
        case variable(Variable)
        case section(Section)
        indirect case partial(String, indentation: String?, inherits: [String: Template]?)
        /// `{{>*name}}` and `{{<*name}}`: the partial named by the value `name` looks up.
        indirect case dynamicPartial(Name, indentation: String?, inherits: [String: Template]?)
        indirect case blockExpansion(String, Template, indentation: String?)
        case contentType(ContentType)
    }

    /// The escaping `{{%CONTENT_TYPE:…}}` selects, as swift-mustache's two built-in content types.
    package enum ContentType: String {
        /// `& < > " '` escaped, the default.
        case html = "HTML"
        /// Nothing escaped.
        case text = "TEXT"
    }

    private(set) var templates: [String: Template] = [:]
    /// Every name a tag of any template looks up (each part of a dotted
    /// name). A key outside this set is never read while rendering, so view
    /// models may leave it out.
    private(set) var names: Set<String> = []

    /// The templates `MustacheParser` parsed, by name.
    init(_ templates: [String: Template]) {
        self.templates = templates
        for template in templates.values { Self.collectNames(template.nodes, into: &names) }
    }

    private static func collectNames(_ nodes: [Node], into names: inout Set<String>) {
        func add(_ name: Name) {
            switch name {
            case .current, .sequence: return
            case .topOnly(let parts), .path(let parts): names.formUnion(parts.map(\.name))
            }
        }
        for node in nodes {
            switch node {
            case .variable(let variable): add(variable.name)
            case .section(let section):
                add(section.name)
                collectNames(section.body.nodes, into: &names)
            case .partial(_, _, let inherits):
                for template in (inherits ?? [:]).values { collectNames(template.nodes, into: &names) }
            case .dynamicPartial(let name, _, let inherits):
                add(name)
                for template in (inherits ?? [:]).values { collectNames(template.nodes, into: &names) }
            case .blockExpansion(_, let body, _): collectNames(body.nodes, into: &names)
            case .text, .contentType: continue
            }
        }
    }

    // MARK: rendering

    /// The position inside a list, for `first()`, `last()`, `index()`, `even()`, `odd()`.
    package struct SequencePosition: MustacheTransformable {
        var first: Bool
        var last: Bool
        var index: Int

        package func transform(_ name: String) -> Any? {
            switch name {
            case "first": return first
            case "last": return last
            case "index": return index
            case "even": return (index & 1) == 0
            case "odd": return (index & 1) == 1
            default: return nil
            }
        }
    }

    private struct Context {
        var sequence: SequencePosition?
        var indentation: String?
        var inherited: [String: Template]?
        /// The escaping in force: HTML, or what a pragma set.
        var escaping: ContentType
    }

    /// One level of the context stack. View models are model objects (or
    /// dictionaries); keeping them unboxed saves a runtime cast per level on
    /// every lookup.
    private enum Frame {
        case model(ModelObject)
        case object([String: Any])
        /// Boxed, so a frame is copied without the existential's value witnesses.
        indirect case value(Any)

        init(_ value: Any) {
            if let model = Found.exactly(ModelObject.self, value) { self = .model(model) }
            else if let object = Found.exactly([String: Any].self, value) { self = .object(object) }
            else { self = .value(value) }
        }

        var any: Any {
            switch self {
            case .model(let model): return model
            case .object(let object): return object
            case .value(let value): return value
            }
        }
    }

    /// A looked-up value, sorted once by its exact type. The types view
    /// models use get their own case; anything else (optionals, custom
    /// types, other integer types) stays `other` and goes through every one of
    /// swift-mustache's casts, in its order.
    private enum Found {
        case text(String)
        /// Page HTML (a body), appended as bytes.
        case fragment(HTMLFragment)
        case number(Int)
        case flag(Bool)
        case model(ModelObject)
        case models([ModelObject])
        case object([String: Any])
        case objects([[String: Any]])
        /// Boxed, so a found value is copied without the existential's value witnesses.
        indirect case other(Any)

        init(_ value: Any) {
            // Opened, the value's type is compared as metadata: no general
            // cast (which also tries optionals, bridging and protocols) per
            // candidate type (see `ExactType`).
            func sort<T>(_ value: T) -> Found {
                if let text = ExactType.cast(value, to: String.self) { return .text(text) }
                if let model = ExactType.cast(value, to: ModelObject.self) { return .model(model) }
                if let fragment = ExactType.cast(value, to: HTMLFragment.self) { return .fragment(fragment) }
                if let models = ExactType.cast(value, to: [ModelObject].self) { return .models(models) }
                if let object = ExactType.cast(value, to: [String: Any].self) { return .object(object) }
                if let flag = ExactType.cast(value, to: Bool.self) { return .flag(flag) }
                if let objects = ExactType.cast(value, to: [[String: Any]].self) { return .objects(objects) }
                if let number = ExactType.cast(value, to: Int.self) { return .number(number) }
                return .other(value)
            }
            self = _openExistential(value, do: sort)
        }

        /// `value` as a `T` when that is its dynamic type exactly.
        @inline(__always)
        static func exactly<T>(_ type: T.Type, _ value: Any) -> T? {
            // Opened and cast once the types are known equal: `as?` went
            // through the runtime's general cast on every dotted name.
            func cast<U>(_ value: U) -> T? { ExactType.cast(value, to: T.self) }
            return _openExistential(value, do: cast)
        }

        var any: Any {
            switch self {
            case .text(let text): return text
            case .fragment(let fragment): return fragment
            case .number(let number): return number
            case .flag(let flag): return flag
            case .model(let model): return model
            case .models(let list): return list
            case .object(let object): return object
            case .objects(let list): return list
            case .other(let value): return value
            }
        }
    }

    /// Renders the template `name` with `object` as the whole context; nil when there is no such template.
    func render(_ object: Any, template name: String) -> String? {
        renderUTF8(object, template: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `render` as UTF-8 bytes, for pages that go straight to a file.
    func renderUTF8(_ object: Any, template name: String) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(templates: templates, root: object)
        renderer.output.reserveCapacity(16_384)
        renderer.render(template, Context(sequence: nil, indentation: nil, inherited: nil, escaping: .html))
        return renderer.output
    }

    private struct Renderer {
        let templates: [String: Template]
        /// The context stack: pushed and popped around sections instead of copied per section.
        var stack: [Frame]
        var output: [UInt8] = []

        init(templates: [String: Template], root: Any) {
            self.templates = templates
            self.stack = [Frame(root)]
        }

        mutating func render(_ template: Template, _ context: Context) {
            var context = context
            let start = output.count
            guard let indentation = context.indentation, !indentation.isEmpty else {
                for node in template.nodes { render(node, &context) }
                return
            }
            // swift-mustache indents a token's output when this template's
            // output so far ends a line (`String.last == "\n"`, so not after "\r\n").
            for node in template.nodes {
                let before = output.count
                let endsLine = before > start && output[before - 1] == 0x0A && !(before - 1 > start && output[before - 2] == 0x0D)
                render(node, &context)
                if endsLine && output.count > before {
                    output.insert(contentsOf: indentation.utf8, at: before)
                }
            }
        }

        mutating func render(_ node: Node, _ context: inout Context) {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let variable):
                guard let found = lookUp(variable.name, transforms: variable.transforms, context) else { return }
                switch found {
                case .text(let text): append(text, escaped: variable.escaped, context)
                case .fragment(let fragment):
                    // As swift-mustache renders it (its text), without making that text when unescaped.
                    if variable.escaped { append(fragment.text, escaped: true, context) } else { output.append(contentsOf: fragment.bytes) }
                case .number(let number): output.append(contentsOf: String(number).utf8)
                case .flag(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                case .model, .models, .object, .objects, .other: renderVariable(found.any, escaped: variable.escaped, context)
                }
            case .section(let section):
                let found = lookUp(section.name, transforms: section.transforms, context)
                if section.inverted { renderInverted(found, section.body, context) } else { renderSection(found, section.body, context) }
            case .partial(let name, let indented, let inherits):
                renderPartial(name, indented: indented, inherits: inherits, context)
            case .dynamicPartial(let name, let indented, let inherits):
                // As swift-mustache: the value must be a string naming a template.
                switch lookUp(name, transforms: [], context) {
                case .text(let partial): renderPartial(partial, indented: indented, inherits: inherits, context)
                case .other(let value as String): renderPartial(value, indented: indented, inherits: inherits, context)
                default: return
                }
            case .blockExpansion(let name, let defaultBody, let indented):
                var block = context
                if let indented { block.indentation = (context.indentation ?? "") + indented }
                block.sequence = nil
                render(context.inherited?[name] ?? defaultBody, block)
            case .contentType(let type):
                context.escaping = type
            }
        }

        private mutating func renderPartial(_ name: String, indented: String?, inherits: [String: Template]?, _ context: Context) {
            guard let template = templates[name] else { return }
            var partial = context
            if let indented { partial.indentation = (context.indentation ?? "") + indented }
            if let inherits {
                partial.inherited = context.inherited.map { $0.merging(inherits) { outer, _ in outer } } ?? inherits
            }
            partial.sequence = nil
            partial.escaping = .html
            render(template, partial)
        }

        /// swift-mustache's rendering of a variable, cast by cast, for values of other types.
        private mutating func renderVariable(_ value: Any, escaped: Bool, _ context: Context) {
            if let text = value as? String {
                append(text, escaped: escaped, context)
            } else if let number = value as? Int {
                output.append(contentsOf: String(number).utf8)
            } else if let flag = value as? Bool {
                output.append(contentsOf: (flag ? "true" : "false").utf8)
            } else if escaped, let template = value as? MustacheTemplate {
                // Never in view models; rendered with the current object as its context.
                output.append(contentsOf: template.render(stack.last!.any).utf8)
            } else if let renderable = value as? MustacheCustomRenderable {
                append(renderable.renderText, escaped: escaped, context)
            } else if value is MustacheLambda {
                // Never in view models: lambdas cannot be called from outside swift-mustache.
                return
            } else {
                append(String(describing: Self.unwrappingOptional(value)), escaped: escaped, context)
            }
        }

        private mutating func append(_ text: String, escaped: Bool, _ context: Context) {
            guard escaped else { output.append(contentsOf: text.utf8); return }
            switch context.escaping {
            case .html: HTMLEscaping.append(text, to: &output)
            case .text: output.append(contentsOf: text.utf8)
            }
        }

        private mutating func push(_ frame: Frame, _ body: Template, _ context: Context) {
            var inner = context
            inner.sequence = nil
            stack.append(frame)
            render(body, inner)
            stack.removeLast()
        }

        private mutating func renderSection(_ found: Found?, _ body: Template, _ context: Context) {
            // View models' own types first: none of them is a lambda, a
            // MustacheSequence or a MustacheCustomRenderable, so the order does not change the outcome.
            switch found {
            case .models(let list):
                renderList(list, body, context) { .model($0) }
            case .model(let model):
                push(.model(model), body, context)
            case .objects(let list):
                renderList(list, body, context) { .object($0) }
            case .flag(let flag):
                if flag { render(body, context) }
            case .object(let object):
                push(.object(object), body, context)
            case .text(let text):
                push(.value(text), body, context)
            case .fragment(let fragment):
                push(.value(fragment), body, context)
            case .number(let number):
                push(.value(number), body, context)
            case .other(let value):
                switch value {
                case is MustacheLambda:
                    return
                case let list as any MustacheSequence:
                    renderList(list, body, context) { Frame($0) }
                case let flag as Bool:
                    if flag { render(body, context) }
                case let null as MustacheCustomRenderable where null.isNull:
                    return
                default:
                    push(Frame(value), body, context)
                }
            case .none:
                return
            }
        }

        private mutating func renderList<S: Sequence>(_ list: S, _ body: Template, _ context: Context, _ frame: (S.Element) -> Frame) {
            var iterator = list.makeIterator()
            guard var current = iterator.next() else { return }
            var inner = context
            var position = SequencePosition(first: true, last: false, index: 0)
            while true {
                let next = iterator.next()
                if next == nil { position.last = true }
                inner.sequence = position
                stack.append(frame(current))
                render(body, inner)
                stack.removeLast()
                guard let next else { return }
                current = next
                position.first = false
                position.index += 1
            }
        }

        private mutating func renderInverted(_ found: Found?, _ body: Template, _ context: Context) {
            switch found {
            case .flag(let flag):
                if !flag { render(body, context) }
            case .text, .fragment, .model, .object, .number:
                return
            case .models(let list):
                guard list.isEmpty else { return }
                push(.value(list), body, context)
            case .objects(let list):
                guard list.isEmpty else { return }
                push(.value(list), body, context)
            case .other(let value):
                switch value {
                case is MustacheLambda:
                    return
                case let list as any MustacheSequence:
                    guard Self.isEmpty(list) else { return }
                    push(.value(list), body, context)
                case let flag as Bool:
                    if !flag { render(body, context) }
                case let null as MustacheCustomRenderable where null.isNull:
                    render(body, context)
                default:
                    return
                }
            case .none:
                render(body, context)
            }
        }

        private static func isEmpty<S: Sequence>(_ list: S) -> Bool {
            var iterator = list.makeIterator()
            return iterator.next() == nil
        }

        // MARK: looking names up (swift-mustache's getChild)

        private func lookUp(_ name: Name, transforms: [String], _ context: Context) -> Found? {
            // Most tags name one key and no transform: found and sorted
            // without holding the value in an `Any?` on the way (each such
            // copy goes through the value's witness table).
            if transforms.isEmpty, case .path(let names) = name, names.count == 1 {
                let first = names[0]
                var level = stack.count - 1
                while level >= 0 {
                    switch stack[level] {
                    case .model(let model):
                        if let key = first.key, let found = model[key] { return Self.represented(Found(found)) }
                    case .object(let object):
                        if let found = object[first.name] { return Self.represented(Found(found)) }
                    case .value(let object):
                        if let found = Self.immediateChild(first, of: object) { return Self.represented(Found(found)) }
                    }
                    level -= 1
                }
                return nil
            }
            var value: Any?
            switch name {
            case .current:
                guard let top = stack.last else { return nil }
                if case .model(let model) = top, transforms.isEmpty { return .model(model) }
                if case .object(let object) = top, transforms.isEmpty { return .object(object) }
                value = top.any
            case .sequence:
                value = context.sequence
            case .topOnly(let names):
                value = Self.child(names[...], of: stack.last!.any)
            case .path(let names):
                guard let first = names.first else { value = stack.last?.any; break }
                var level = stack.count - 1
                while level >= 0 {
                    let found: Any?
                    switch stack[level] {
                    case .model(let model): found = first.key.flatMap { model[$0] }
                    case .object(let object): found = object[first.name]
                    case .value(let object): found = Self.immediateChild(first, of: object)
                    }
                    if let found {
                        value = names.count == 1 ? found : Self.child(names.dropFirst(), of: found)
                        break
                    }
                    level -= 1
                }
            }
            guard let value, let found = Self.represented(Found(value)) else { return nil }
            guard !transforms.isEmpty else { return found }
            var result = found.any
            for transform in transforms.reversed() {
                guard let transformable = result as? MustacheTransformable, let transformed = transformable.transform(transform) else { return nil }
                result = transformed
            }
            return Found(result)
        }

        /// A value that stands for another (`MustacheCustomRepresentation`) replaced by it.
        private static func represented(_ found: Found) -> Found? {
            guard case .other(let other) = found, let custom = other as? MustacheCustomRepresentation else { return found }
            guard let represented = custom.representation else { return nil }
            return Found(represented)
        }

        private static func child(_ names: ArraySlice<Part>, of object: Any) -> Any? {
            guard let name = names.first else { return object }
            let found: Any?
            if let model = Found.exactly(ModelObject.self, object) {
                found = name.key.flatMap { model[$0] }
            } else if let dictionary = Found.exactly([String: Any].self, object) {
                found = dictionary[name.name]
            } else {
                if object is MustacheLambda { return nil }
                found = immediateChild(name, of: object)
            }
            guard let found else { return nil }
            return child(names.dropFirst(), of: found)
        }

        private static func immediateChild(_ part: Part, of object: Any) -> Any? {
            // A section over a string, number or flag pushes it; names are
            // then looked up through it first. None of these types has a
            // child by any route below (casts, MustacheParent, Mirror), and
            // a Mirror per lookup was a sixth of rendering.
            switch ObjectIdentifier(type(of: object)) {
            case ObjectIdentifier(String.self), ObjectIdentifier(Int.self), ObjectIdentifier(Bool.self), ObjectIdentifier(HTMLFragment.self): return nil
            default: break
            }
            if let model = Found.exactly(ModelObject.self, object) { return part.key.flatMap { model[$0] } }
            let name = part.name
            if let dictionary = object as? [String: Any] { return dictionary[name] }
            let represented: Any?
            if let custom = object as? MustacheCustomRepresentation { represented = custom.representation } else { represented = object }
            if let parent = represented as? MustacheParent { return parent.child(named: name) }
            guard let represented else { return nil }
            guard let match = Mirror(reflecting: represented).children.first(where: { $0.label == name }) else { return nil }
            let mirror = Mirror(reflecting: match.value)
            guard mirror.displayStyle == .optional else { return match.value }
            return mirror.children.first?.value
        }

        private static func unwrappingOptional(_ value: Any) -> Any {
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return value }
            return mirror.children.first?.value ?? value
        }
    }
}
