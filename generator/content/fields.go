package content

import "reflect"

// Field is one key of a file's schema exactly as the checker enforces it, read from the
// same yaml, check and doc tags, for tools that mirror the checker (JSON Schemas, forms).
type Field struct {
	Key      string
	Doc      string // the Chinese explanation of the doc tag
	Required bool
	Enum     []string
	HasMin   bool
	Min      float64
	HasMax   bool
	Max      float64
	ID       bool // an id: IDPattern, at most 64 characters
	Date     bool
	// Custom is set when the value's type decodes itself (Date, Scores) rather than
	// by its Go kind; a tool must know such a type by name.
	Custom bool
	Type   reflect.Type
}

// nodeDecoderType is the interface of the types that decode themselves.
var nodeDecoderType = reflect.TypeFor[nodeDecoder]()

// Fields lists the keys of struct type t in declaration order.
func Fields(t reflect.Type) []Field {
	info := structInfo(t)
	out := make([]Field, 0, len(info.fields))
	for _, f := range info.fields {
		ft := t.Field(f.index).Type
		r := f.rule
		out = append(out, Field{
			Key: f.key, Doc: r.title, Required: r.required, Enum: r.enum,
			HasMin: r.hasMin, Min: r.min, HasMax: r.hasMax, Max: r.max, ID: r.id, Date: r.date,
			Custom: DecodesItself(ft), Type: ft,
		})
	}
	return out
}

// DecodesItself tells whether values of t are decoded by their own method rather than by kind.
func DecodesItself(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(nodeDecoderType)
}

// FileKind is one kind of YAML or Markdown file of the tree with the type it decodes into.
type FileKind struct {
	Kind     Kind
	Name     string // stable English name, e.g. "submission"
	Title    string // Chinese name
	Path     string // where such files live
	Markdown bool   // the YAML is the front matter of a Markdown file
	Type     reflect.Type
}

// FileKinds lists every kind of content file that holds YAML, in the contract's order.
func FileKinds() []FileKind {
	var list []FileKind
	for _, ki := range kinds {
		if ki.Schema {
			list = append(list, FileKind{ki.Kind, ki.Name, ki.Title, ki.Shape, ki.Markdown, reflect.TypeOf(ki.newValue()).Elem()})
		}
	}
	return list
}

// KindOf returns the file kind of a root-relative path, and whether it is one of FileKinds.
func KindOf(p string) (FileKind, bool) {
	pl := Classify(p)
	for _, k := range FileKinds() {
		if k.Kind == pl.Kind {
			return k, true
		}
	}
	return FileKind{}, false
}

// Placeholder marks a value that wuxiao new left to be written; rule placeholder refuses
// any file that still holds it, so a scaffold cannot pass the check half filled.
const Placeholder = "【待填】"
