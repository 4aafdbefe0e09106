package bot

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"orglife"
)

// The catalogue test reads the package's source: every Text literal in bot/*.go (tests
// aside) must sit in a catalogue, texts.go or texts_<feature>.go, and every text there must
// have both languages, the same format verbs in each, HTML that Telegram accepts, and the
// terms of DOMAIN.md.

// catalogueFile reports whether a file of the package is one of the wording catalogues.
func catalogueFile(name string) bool {
	return name == "texts.go" || strings.HasPrefix(name, "texts_") && !strings.HasSuffix(name, "_test.go")
}

// sourceText is one Text literal found in the source.
type sourceText struct {
	pos    token.Position
	name   string // the variable (and map key or index) it is, for messages
	zh, en string
	err    error // the literal is not two constant strings
}

func (s sourceText) String() string {
	return fmt.Sprintf("%s:%d %s", filepath.Base(s.pos.Filename), s.pos.Line, s.name)
}

// packageTexts parses the package's non-test files and returns every Text literal in them.
func packageTexts(t *testing.T) []sourceText {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []sourceText
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fileTexts(fset, f)...)
	}
	if len(out) < 100 {
		t.Fatalf("found only %d texts in the package: the scan is broken", len(out))
	}
	return out
}

// fileTexts finds the Text literals of one file: those written Text{…}, those whose type is
// elided in a map, slice or array of Text, and any other literal keyed by ZH and EN.
func fileTexts(fset *token.FileSet, f *ast.File) []sourceText {
	var out []sourceText
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		lit, ok := n.(*ast.CompositeLit)
		if !ok || !isTextLit(lit, stack) {
			return true
		}
		s := sourceText{pos: fset.Position(lit.Pos()), name: textName(stack)}
		s.zh, s.en, s.err = textStrings(lit)
		out = append(out, s)
		return true
	})
	return out
}

func isTextIdent(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "Text"
}

func isTextLit(lit *ast.CompositeLit, stack []ast.Node) bool {
	if isTextIdent(lit.Type) {
		return true
	}
	keyed := len(lit.Elts) > 0
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			keyed = false
			break
		}
		if id, ok := kv.Key.(*ast.Ident); !ok || id.Name != "ZH" && id.Name != "EN" {
			keyed = false
			break
		}
	}
	if keyed {
		return true
	}
	if lit.Type != nil {
		return false
	}
	// An elided type: the element type of the enclosing literal.
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.KeyValueExpr:
			continue
		case *ast.CompositeLit:
			switch typ := p.Type.(type) {
			case *ast.MapType:
				return isTextIdent(typ.Value)
			case *ast.ArrayType:
				return isTextIdent(typ.Elt)
			}
		}
		return false
	}
	return false
}

// textName names a literal by the variable it is in, and its key within it.
func textName(stack []ast.Node) string {
	var name, key string
	for i, n := range stack {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for _, id := range n.Names {
				name = id.Name
			}
		case *ast.FuncDecl:
			name = n.Name.Name + "()"
		case *ast.KeyValueExpr:
			if i+1 < len(stack) && stack[i+1] == n.Value {
				key = exprString(n.Key)
			}
		}
	}
	if key != "" && key != "ZH" && key != "EN" {
		return name + "[" + key + "]"
	}
	return name
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.BasicLit:
		return e.Value
	}
	return "…"
}

// textStrings returns a literal's ZH and EN, which must be constant strings.
func textStrings(lit *ast.CompositeLit) (zh, en string, err error) {
	if len(lit.Elts) > 2 {
		return "", "", fmt.Errorf("%d fields", len(lit.Elts))
	}
	for i, e := range lit.Elts {
		field := [2]string{"ZH", "EN"}[i]
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			field, e = kv.Key.(*ast.Ident).Name, kv.Value
		}
		s, ok := constString(e)
		if !ok {
			return "", "", fmt.Errorf("%s is not a constant string", field)
		}
		if field == "ZH" {
			zh = s
		} else {
			en = s
		}
	}
	return zh, en, nil
}

// constString evaluates a string literal or a sum of them.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return constString(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok1 := constString(e.X)
		y, ok2 := constString(e.Y)
		return x + y, ok1 && ok2
	}
	return "", false
}

// printfVerbs returns the verbs a format string applies to its arguments, argument by
// argument (explicit indexes such as %[2]d resolved, %% skipped): the EN of a message must
// take the same arguments the same way as its ZH.
func printfVerbs(format string) ([]string, error) {
	var byArg []string
	use := func(arg int, verb string) error {
		for len(byArg) <= arg {
			byArg = append(byArg, "")
		}
		if byArg[arg] != "" && byArg[arg] != verb {
			return fmt.Errorf("argument %d is both %s and %s", arg+1, byArg[arg], verb)
		}
		byArg[arg] = verb
		return nil
	}
	arg := 0
	s := format
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			break
		}
		s = s[i+1:]
		if s == "" {
			return nil, fmt.Errorf("a lone %% at the end")
		}
		if s[0] == '%' {
			s = s[1:]
			continue
		}
		s = strings.TrimLeft(s, "+-# 0")
		index := func() error {
			if !strings.HasPrefix(s, "[") {
				return nil
			}
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return fmt.Errorf("an unclosed argument index")
			}
			n, err := strconv.Atoi(s[1:end])
			if err != nil || n < 1 {
				return fmt.Errorf("a bad argument index %q", s[:end+1])
			}
			arg, s = n-1, s[end+1:]
			return nil
		}
		star := func() error {
			if strings.HasPrefix(s, "*") {
				s = s[1:]
				if err := use(arg, "*"); err != nil {
					return err
				}
				arg++
				return nil
			}
			s = strings.TrimLeft(s, "0123456789")
			return nil
		}
		for _, step := range []func() error{index, star, func() error {
			if strings.HasPrefix(s, ".") {
				s = s[1:]
				if err := index(); err != nil {
					return err
				}
				return star()
			}
			return nil
		}, index} {
			if err := step(); err != nil {
				return nil, err
			}
		}
		verb, size := utf8.DecodeRuneInString(s)
		if !strings.ContainsRune("vTtbcdoOqxXUeEfFgGsp", verb) {
			return nil, fmt.Errorf("%%%c is not a verb (write %%%% for a percent sign)", verb)
		}
		if err := use(arg, "%"+string(verb)); err != nil {
			return nil, err
		}
		arg++
		s = s[size:]
	}
	for i, v := range byArg {
		if v == "" {
			return nil, fmt.Errorf("argument %d is never used", i+1)
		}
	}
	return byArg, nil
}

// telegramTags are the tags Telegram's parse_mode HTML knows.
var telegramTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true,
	"strike": true, "del": true, "code": true, "pre": true, "a": true, "blockquote": true,
	"tg-spoiler": true, "span": true, "tg-emoji": true,
}

var (
	htmlTagRE    = regexp.MustCompile(`^<(/?)([a-z-]+)(\s[^<>]*)?>`)
	htmlEntityRE = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);`)
)

// htmlShape checks that s is HTML Telegram accepts — known tags, each closed in order, no
// stray < or & — and returns its tags in order, which the two languages must share.
func htmlShape(s string) ([]string, error) {
	var open, tags []string
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			m := htmlTagRE.FindStringSubmatch(s[i:])
			if m == nil || !telegramTags[m[2]] {
				return nil, fmt.Errorf("a stray < or an unknown tag at %q", clipTail(s[i:]))
			}
			if m[1] == "" {
				open = append(open, m[2])
			} else {
				if len(open) == 0 || open[len(open)-1] != m[2] {
					return nil, fmt.Errorf("</%s> closes nothing open (open: %v)", m[2], open)
				}
				open = open[:len(open)-1]
			}
			tags = append(tags, m[1]+m[2])
			i += len(m[0]) - 1
		case '>':
			return nil, fmt.Errorf("a stray > at %q", clipTail(s[i:]))
		case '&':
			if !htmlEntityRE.MatchString(s[i:]) {
				return nil, fmt.Errorf("a stray & at %q", clipTail(s[i:]))
			}
		}
	}
	if len(open) > 0 {
		return nil, fmt.Errorf("unclosed %v", open)
	}
	return tags, nil
}

func clipTail(s string) string {
	if r := []rune(s); len(r) > 12 {
		return string(r[:12]) + "…"
	}
	return s
}

// forbiddenZH are words DOMAIN.md rules out, with the term to use.
var forbiddenZH = map[string]string{
	"领域":     "方面 (the six areas)",
	"台帐":     "台账",
	"到会指导领导": "到会指导的领导",
}

// forbiddenEN are English words that would misname a domain term.
var forbiddenEN = map[string]string{
	"domain": "area (方面)",
	"aspect": "area (方面)",
	"field":  "area (方面), or part for a point's parts",
}

// glossary pairs each DOMAIN.md term with its English names (alternatives split by |):
// where the ZH of a text says the term, its EN says one of the names (in any case).
var glossary = []struct{ zh, en string }{
	{"方面", "area"},
	{"回头看", "look-back"},
	{"对照检查材料", "comparison-check material"},
	{"谈心谈话", "talk"},
	{"查摆问题", "point|self-examination|problem"},
	{"问题清单", "problem list"},
	{"整改台账", "ledger"},
	{"支部书记", "secretary"},
	{"到会指导的领导", "guiding leader"},
	{"实施方案", "plan"},
	{"学习研讨", "study"},
	{"会前准备", "preparation"},
}

// textProblems checks one text and returns what is wrong with it.
func textProblems(zh, en string) []string {
	var out []string
	if strings.TrimSpace(zh) == "" {
		out = append(out, "no ZH")
	}
	if strings.TrimSpace(en) == "" {
		out = append(out, "no EN")
	}
	zv, zerr := printfVerbs(zh)
	ev, eerr := printfVerbs(en)
	switch {
	case zerr != nil:
		out = append(out, "ZH: "+zerr.Error())
	case eerr != nil:
		out = append(out, "EN: "+eerr.Error())
	case !slices.Equal(zv, ev):
		out = append(out, fmt.Sprintf("format verbs differ: ZH %v, EN %v", zv, ev))
	}
	zt, zerr := htmlShape(zh)
	et, eerr := htmlShape(en)
	switch {
	case zerr != nil:
		out = append(out, "ZH HTML: "+zerr.Error())
	case eerr != nil:
		out = append(out, "EN HTML: "+eerr.Error())
	case !slices.Equal(zt, et):
		out = append(out, fmt.Sprintf("HTML tags differ: ZH %v, EN %v", zt, et))
	}
	for word, use := range forbiddenZH {
		if strings.Contains(zh, word) || strings.Contains(en, word) {
			out = append(out, fmt.Sprintf("says %s: DOMAIN.md says %s", word, use))
		}
	}
	lowerEN := strings.ToLower(en)
	for word, use := range forbiddenEN {
		if strings.Contains(lowerEN, word) {
			out = append(out, fmt.Sprintf("EN says %q: use %s", word, use))
		}
	}
	for _, g := range glossary {
		if strings.Contains(zh, g.zh) && !slices.ContainsFunc(strings.Split(g.en, "|"), func(name string) bool {
			return strings.Contains(lowerEN, name)
		}) {
			out = append(out, fmt.Sprintf("ZH says %s but EN does not say %q", g.zh, g.en))
		}
	}
	return out
}

// TestCatalogue: every Text of the package is in a catalogue and sound.
func TestCatalogue(t *testing.T) {
	texts := packageTexts(t)
	for _, s := range texts {
		if !catalogueFile(filepath.Base(s.pos.Filename)) {
			t.Errorf("%s: a Text outside the catalogue; move it to texts_<feature>.go", s)
			continue
		}
		if s.err != nil {
			t.Errorf("%s: %v: a catalogue holds the words themselves", s, s.err)
			continue
		}
		for _, p := range textProblems(s.zh, s.en) {
			t.Errorf("%s: %s\n\tZH %q\n\tEN %q", s, p, s.zh, s.en)
		}
	}
}

// TestCatalogueFilesHoldOnlyWords: the catalogues declare variables (texts.go also Text and
// its method), so that they stay a list of words and code stays in the feature files.
func TestCatalogueFilesHoldOnlyWords(t *testing.T) {
	names, err := filepath.Glob("texts*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, name := range names {
		if !catalogueFile(name) {
			continue
		}
		n++
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(f.Comments[0].Text(), "words") && name != "texts.go" {
			t.Errorf("%s: the catalogue's first comment should say whose words it holds", name)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok == token.VAR || d.Tok == token.IMPORT || name == "texts.go" && d.Tok == token.TYPE {
					continue
				}
			case *ast.FuncDecl:
				if name == "texts.go" && d.Name.Name == "In" {
					continue
				}
			}
			t.Errorf("%s: a catalogue declares only texts (found %T at %s)", name, d, fset.Position(d.Pos()))
		}
	}
	if n < 10 {
		t.Fatalf("only %d catalogue files", n)
	}
}

// TestCatalogueChecks: the checks above catch what they are for.
func TestCatalogueChecks(t *testing.T) {
	for _, c := range []struct {
		zh, en string
		want   string // a part of the problem reported; "" for none
	}{
		{"已记录 %d 条", "%d recorded", ""},
		{"完成 %d/%d，时限 %s", "done %d/%d, due %s", ""},
		{"提醒 %s 未完成的 %d 人", "Nudging the %[2]d behind on %[1]s", ""},
		{"进度 100%%：%s", "100%% done: %s", ""},
		{"<b>%s</b>（%s）", "<b>%s</b> (%s)", ""},
		{"已退回：\n<blockquote>%s</blockquote>", "Sent back:\n<blockquote>%s</blockquote>", ""},
		{"按方面：%s", "By area: %s", ""},
		{"", "Done", "no ZH"},
		{"完成", " ", "no EN"},
		{"第 %d 项", "Item %s", "format verbs differ"},
		{"%s 和 %s", "%s", "format verbs differ"},
		{"%s", "%s and %d", "format verbs differ"},
		{"%d 和 %s", "%s and %d", "format verbs differ"},
		{"%d 和 %s", "%[2]s and %[1]s", "format verbs differ"},
		{"%[2]s", "%s", "never used"},
		{"进度 100%", "100% done", "lone"},
		{"进度 100%。", "100%. done", "not a verb"},
		{"<b>%s", "<b>%s</b>", "unclosed"},
		{"<b>%s</b>", "<b>%s</i>", "closes nothing"},
		{"<b><i>%s</b></i>", "<b><i>%s</i></b>", "closes nothing"},
		{"<h1>%s</h1>", "<h1>%s</h1>", "unknown tag"},
		{"a < b", "a < b", "stray <"},
		{"a & b", "a &amp; b", "stray &"},
		{"<b>提醒</b>", "Reminder", "HTML tags differ"},
		{"这个问题属于哪个领域？", "Which area is it in?", "领域"},
		{"整改台帐", "The ledger", "台帐"},
		{"按方面：%s", "By domain: %s", "domain"},
		{"多久回头看一次？", "How often should it be reviewed?", "look-back"},
	} {
		problems := strings.Join(textProblems(c.zh, c.en), "; ")
		if c.want == "" && problems != "" || c.want != "" && !strings.Contains(problems, c.want) {
			t.Errorf("textProblems(%q, %q) = %q, want %q", c.zh, c.en, problems, c.want)
		}
	}

	// A Text written in a feature file is found, however it is written.
	src := `package bot
var labels = map[string]Text{"a": {ZH: "甲", EN: "A"}}
var rows = []struct{ n int; t Text }{{1, Text{"乙", "B"}}}
func ask() string { return Text{ZH: "丙", EN: "C" + "c"}.In(0) }
type pair struct{ ZH, EN string }
var p = pair{ZH: "丁", EN: "D"}
var n = Text{ZH: name, EN: "E"}
var plain = []string{"戊"}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "points.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range fileTexts(fset, f) {
		got = append(got, fmt.Sprintf("%s=%s/%s/%v", s.name, s.zh, s.en, s.err != nil))
	}
	want := []string{`labels["a"]=甲/A/false`, "rows=乙/B/false", "ask()=丙/Cc/false", "p=丁/D/false", "n=//true"}
	if !slices.Equal(got, want) {
		t.Errorf("fileTexts found %q, want %q", got, want)
	}
	if catalogueFile("points.go") || !catalogueFile("texts_points.go") || !catalogueFile("texts.go") || catalogueFile("texts_internal_test.go") {
		t.Error("catalogueFile tells the catalogues from the feature files wrongly")
	}
}

// TestDomainLabels: the names the domain package gives its areas, sources, steps and forms,
// which the bot's texts show, are there in both languages and use the glossary's terms.
func TestDomainLabels(t *testing.T) {
	var labels []func(orglife.Lang) string
	for _, a := range orglife.Areas {
		labels = append(labels, a.Name)
	}
	for _, s := range orglife.Sources {
		labels = append(labels, s.Name)
	}
	for _, k := range orglife.StepKinds {
		labels = append(labels, k.Name)
	}
	for _, f := range orglife.TalkForms {
		labels = append(labels, f.Name)
	}
	for _, f := range orglife.StudyForms {
		labels = append(labels, f.Name)
	}
	for _, s := range []orglife.RectStatus{orglife.RectNotStarted, orglife.RectInProgress, orglife.RectReported, orglife.RectClosed} {
		labels = append(labels, s.Name)
	}
	for _, name := range labels {
		zh, en := name(orglife.LangZH), name(orglife.LangEN)
		if zh == en {
			t.Errorf("label %q has no English of its own", zh)
		}
		for _, p := range textProblems(zh, en) {
			if !strings.Contains(p, "EN does not say") { // a label is a name, not a sentence
				t.Errorf("label %q / %q: %s", zh, en, p)
			}
		}
	}
}
