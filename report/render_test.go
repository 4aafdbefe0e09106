package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// sampleDocument has every kind of block, Chinese text, a "<&>" to check escaping, a
// multi-line body block and a table with a short row.
func sampleDocument() Document {
	return Document{
		Title: "第一党支部关于召开2025年度组织生活会情况的报告",
		Blocks: []Block{
			{Kind: KindBody, Text: "按照上级党委通知要求，第一党支部于2026年1月15日召开了2025年度组织生活会。支部书记代表支委会作检视剖析，党员逐一开展批评和自我批评（标记<&>用于检查转义）。"},
			{Kind: KindHeading1, Text: "一、会前准备"},
			{Kind: KindHeading2, Text: "（一）实施方案"},
			{Kind: KindBody, Text: "支委会于2025年12月20日制定实施方案。\n方案明确了会议主题、时间安排和工作要求。"},
			{Kind: KindHeading2, Text: "（二）主要存在问题"},
			{Kind: KindTable, Table: &Table{
				Header: []string{"序号", "方面", "问题", "整改措施"},
				Rows: [][]string{
					{"1", "学习贯彻", "理论学习不够系统深入", "制定个人学习计划，每月交流一次"},
					{"2", "纪律作风"},
				},
			}},
			{Kind: KindHeading1, Text: "二、整改落实"},
			{Kind: KindBody, Text: "支部将对照问题清单逐项整改，整改情况在支部内公开。"},
		},
	}
}

func renderDOCX(t *testing.T, d Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, d); err != nil {
		t.Fatalf("WriteDOCX: %v", err)
	}
	return buf.Bytes()
}

func renderXLSX(t *testing.T, d Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, d); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	return buf.Bytes()
}

func TestRenderDOCXGolden(t *testing.T) {
	pkg := openDOCX(t, renderDOCX(t, sampleDocument()))
	checkGolden(t, "sample.docx.golden.txt", pkg.summary(t))
}

func TestRenderXLSXGolden(t *testing.T) {
	checkGolden(t, "sample.xlsx.golden.txt", summariseXLSX(t, renderXLSX(t, sampleDocument())))
}

// TestRenderDOCXLayout checks the GB/T 9704 numbers against literal values, so that a wrong
// margin, font or size fails even right after the goldens were rewritten.
func TestRenderDOCXLayout(t *testing.T) {
	pkg := openDOCX(t, renderDOCX(t, sampleDocument()))
	sect := pkg.body.child("sectPr")
	if sect == nil {
		t.Fatal("no w:sectPr")
	}
	want := map[string]string{"pgSz/w": "11906", "pgSz/h": "16838",
		"pgMar/top": "2098", "pgMar/bottom": "1984", "pgMar/left": "1587", "pgMar/right": "1474"}
	for k, v := range want {
		el, attr, _ := strings.Cut(k, "/")
		if got := sect.child(el).attr(attr); got != v {
			t.Errorf("sectPr %s = %q, want %q", k, got, v)
		}
	}
	if f := pkg.footer(t, sect); !strings.Contains(f, "fields=[PAGE]") || !strings.Contains(f, "jc=right") {
		t.Errorf("footer = %s, want a right-aligned PAGE field", f)
	}

	type style struct{ font, size, jc, firstLineChars string }
	wantStyle := map[string]style{
		"第一党支部关于召开2025年度\n组织生活会情况的报告": {"方正小标宋简体", "44", "center", ""},
		"一、会前准备":                 {"黑体", "32", "both", "200"},
		"（一）实施方案":                {"楷体", "32", "both", "200"},
		"支委会于2025年12月20日制定实施方案。": {"仿宋", "32", "both", "200"},
	}
	seen := 0
	for _, p := range pkg.body.children("p") {
		s, ok := wantStyle[p.text()]
		if !ok {
			continue
		}
		seen++
		r := p.children("r")[0]
		got := style{
			font:           r.child("rPr").child("rFonts").attr("eastAsia"),
			size:           r.child("rPr").child("sz").attr("val"),
			jc:             p.child("pPr").child("jc").attr("val"),
			firstLineChars: p.child("pPr").child("ind").attr("firstLineChars"),
		}
		if got != s {
			t.Errorf("paragraph %q: got %+v, want %+v", p.text(), got, s)
		}
	}
	if seen != len(wantStyle) {
		t.Errorf("found %d of the %d paragraphs checked", seen, len(wantStyle))
	}

	tbl := pkg.body.child("tbl")
	for _, edge := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		if v := tbl.child("tblPr").child("tblBorders").child(edge).attr("val"); v != "single" {
			t.Errorf("table border %s = %q, want single", edge, v)
		}
	}
	head := tbl.children("tr")[0]
	for _, c := range head.children("tc") {
		if c.child("p").child("r").child("rPr").child("b") == nil {
			t.Errorf("header cell %q is not bold", c.text())
		}
	}
}

func TestRenderDOCXEscaping(t *testing.T) {
	pkg := openDOCX(t, renderDOCX(t, sampleDocument()))
	if !bytes.Contains(pkg.files["word/document.xml"], []byte("&lt;&amp;&gt;")) {
		t.Error("document.xml does not hold <&> escaped")
	}
	if !strings.Contains(pkg.body.child("p", 1).text(), "（标记<&>用于检查转义）") {
		t.Errorf("second paragraph = %q, want the <&> back", pkg.body.child("p", 1).text())
	}
}

func TestRenderDOCXTitle(t *testing.T) {
	// A document with its own title block is not given d.Title as well.
	d := Document{Title: "标题", Blocks: []Block{{Kind: KindTitle, Text: "标题"}, {Kind: KindBody, Text: "正文"}}}
	pkg := openDOCX(t, renderDOCX(t, d))
	var texts []string
	for _, p := range pkg.body.children("p") {
		texts = append(texts, p.text())
	}
	if !slices.Equal(texts, []string{"标题", "正文"}) {
		t.Errorf("paragraphs = %q, want [标题 正文]", texts)
	}
	core := parseXML(t, pkg.files["docProps/core.xml"])
	if got := core.child("title").Text; got != "标题" {
		t.Errorf("core title = %q, want 标题", got)
	}
	if bytes.Contains(pkg.files["docProps/core.xml"], []byte("gomutex")) {
		t.Error("core.xml names the library's author")
	}
	// An empty document still opens with its page set up.
	pkg = openDOCX(t, renderDOCX(t, Document{}))
	if n := len(pkg.body.children("p")); n != 0 {
		t.Errorf("empty document has %d paragraphs", n)
	}
	if got := pkg.body.child("sectPr").child("pgMar").attr("top"); got != "2098" {
		t.Errorf("empty document's top margin = %q", got)
	}
}

func TestRenderDOCXErrors(t *testing.T) {
	for _, d := range []Document{
		{Blocks: []Block{{Kind: KindTable}}},
		{Blocks: []Block{{Kind: Kind(99), Text: "x"}}},
	} {
		if err := WriteDOCX(io.Discard, d); err == nil {
			t.Errorf("WriteDOCX(%+v) = nil, want an error", d)
		}
	}
}

func TestRenderXLSXSheets(t *testing.T) {
	long := strings.Repeat("长", 40)
	d := Document{Title: "清单", Blocks: []Block{
		{Kind: KindHeading1, Text: "问题/清单:A"},
		{Kind: KindTable, Table: &Table{Header: []string{"a"}, Rows: [][]string{{"1"}}}},
		{Kind: KindTable, Table: &Table{Header: []string{"b"}}},
		{Kind: KindHeading2, Text: long},
		{Kind: KindTable, Table: &Table{Header: []string{"c"}}},
		{Kind: KindHeading2, Text: "问题 清单 A"},
		{Kind: KindTable, Table: &Table{Header: []string{"d"}}},
	}}
	f, err := excelize.OpenReader(bytes.NewReader(renderXLSX(t, d)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"问题 清单 A", "问题 清单 A(2)", strings.Repeat("长", 31), "问题 清单 A(3)"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets = %q, want %q", got, want)
	}

	f, err = excelize.OpenReader(bytes.NewReader(renderXLSX(t, Document{})))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"表1"}) {
		t.Errorf("empty document's sheets = %q", got)
	}
}

// checkGolden compares got with testdata/name, or rewrites it under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report/ -run Render -update to write it)", err)
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("%s differs at line %d:\n got: %s\nwant: %s\n(rerun with -update if the change is intended)", path, i+1, g, w)
			return
		}
	}
}

// node is an XML element, enough to walk WordprocessingML by local names.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []*node    `xml:",any"`
	Text    string     `xml:",chardata"`
}

// child is the i-th (default first) child element named local, or nil.
func (n *node) child(local string, i ...int) *node {
	want := 0
	if len(i) > 0 {
		want = i[0]
	}
	if n == nil {
		return nil
	}
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			if want == 0 {
				return c
			}
			want--
		}
	}
	return nil
}

func (n *node) children(local string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			out = append(out, c)
		}
	}
	return out
}

func (n *node) attr(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// text is the concatenated w:t text under n, in order.
func (n *node) text() string {
	if n == nil {
		return ""
	}
	switch n.XMLName.Local {
	case "t":
		return n.Text
	case "br":
		return "\n"
	}
	var b strings.Builder
	for _, c := range n.Nodes {
		b.WriteString(c.text())
	}
	return b.String()
}

func parseXML(t *testing.T, data []byte) *node {
	t.Helper()
	var n node
	if err := xml.Unmarshal(data, &n); err != nil {
		t.Fatalf("parse XML: %v", err)
	}
	return &n
}

type docxPackage struct {
	files map[string][]byte
	body  *node
	rels  map[string]string // relationship id -> target, of word/document.xml
}

// openDOCX unzips a .docx, checks every XML part parses, and reads the document body.
func openDOCX(t *testing.T, data []byte) *docxPackage {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("unzip docx: %v", err)
	}
	pkg := &docxPackage{files: map[string][]byte{}, rels: map[string]string{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		pkg.files[f.Name] = b
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			parseXML(t, b)
		}
	}
	for _, part := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels"} {
		if pkg.files[part] == nil {
			t.Fatalf("docx has no %s", part)
		}
	}
	pkg.body = parseXML(t, pkg.files["word/document.xml"]).child("body")
	for _, r := range parseXML(t, pkg.files["word/_rels/document.xml.rels"]).children("Relationship") {
		pkg.rels[r.attr("Id")] = r.attr("Target")
	}
	return pkg
}

// summary is the stable text of the document that the golden file holds: the section's page,
// margins and footer, then each paragraph and table in order with the styles that matter.
func (pkg *docxPackage) summary(t *testing.T) string {
	var b strings.Builder
	b.WriteString("# word/document.xml of sampleDocument, summarised by render_test.go.\n")
	b.WriteString("# Lengths in twips (1/1440 in; mm in brackets), font sizes in points.\n")
	sect := pkg.body.child("sectPr")
	b.WriteString("section\n")
	pg := sect.child("pgSz")
	fmt.Fprintf(&b, "  page: w=%s h=%s (%s x %s)", pg.attr("w"), pg.attr("h"), mm(pg.attr("w")), mm(pg.attr("h")))
	if o := pg.attr("orient"); o != "" {
		b.WriteString(" orient=" + o)
	}
	b.WriteString("\n")
	m := sect.child("pgMar")
	fmt.Fprintf(&b, "  margins:")
	for _, side := range []string{"top", "bottom", "left", "right", "header", "footer"} {
		fmt.Fprintf(&b, " %s=%s (%s)", side, m.attr(side), mm(m.attr(side)))
	}
	b.WriteString("\n")
	if g := sect.child("docGrid"); g != nil {
		fmt.Fprintf(&b, "  grid: type=%s linePitch=%s\n", g.attr("type"), g.attr("linePitch"))
	}
	for _, ref := range sect.children("footerReference") {
		fmt.Fprintf(&b, "  footer: %s\n", pkg.footerOf(t, ref))
	}
	b.WriteString("body\n")
	np, nt := 0, 0
	for _, n := range pkg.body.Nodes {
		switch n.XMLName.Local {
		case "p":
			np++
			fmt.Fprintf(&b, "  p%d %s | %s | %q\n", np, paraStyle(n), runStyles(n), n.text())
		case "tbl":
			nt++
			tp := n.child("tblPr")
			var grid []string
			for _, c := range n.child("tblGrid").children("gridCol") {
				grid = append(grid, c.attr("w"))
			}
			fmt.Fprintf(&b, "  table%d width=%s jc=%s grid=[%s] borders=%s\n", nt,
				tp.child("tblW").attr("w"), tp.child("jc").attr("val"), strings.Join(grid, " "), borders(tp.child("tblBorders")))
			for i, tr := range n.children("tr") {
				repeat := ""
				if tr.child("trPr").child("tblHeader") != nil {
					repeat = " repeat-header"
				}
				var cells, styles []string
				for _, tc := range tr.children("tc") {
					var lines []string
					for _, p := range tc.children("p") {
						lines = append(lines, p.text())
						styles = append(styles, paraStyle(p)+" | "+runStyles(p))
					}
					cells = append(cells, strconv.Quote(strings.Join(lines, "\n")))
				}
				fmt.Fprintf(&b, "    row%d%s %s | %s\n", i+1, repeat, strings.Join(slices.Compact(styles), " ; "), strings.Join(cells, " "))
			}
		case "sectPr":
		default:
			fmt.Fprintf(&b, "  %s\n", n.XMLName.Local)
		}
	}
	if cs := pkg.comments(t); len(cs) > 0 {
		b.WriteString("comments\n")
		for _, c := range cs {
			fmt.Fprintf(&b, "  c%s on %q: %q\n", c.id, c.anchor, c.text)
		}
	}
	return b.String()
}

// docxComment is a Word comment: its id, the text its range covers, and its own text.
type docxComment struct{ id, anchor, text string }

// comments reads word/comments.xml and the ranges of word/document.xml, in the document's
// order. It fails the test if the part is not named by the relationships and content types,
// or a range is not closed and referenced, or a comment has no range or a range no comment.
func (pkg *docxPackage) comments(t *testing.T) []docxComment {
	t.Helper()
	data := pkg.files["word/comments.xml"]
	if data == nil {
		if strings.Contains(string(pkg.files["word/document.xml"]), "commentRange") {
			t.Fatal("comment ranges without word/comments.xml")
		}
		return nil
	}
	if !slices.Contains(slices.Collect(maps.Values(pkg.rels)), "comments.xml") {
		t.Error("word/comments.xml is not in the document's relationships")
	}
	if !strings.Contains(string(pkg.files["[Content_Types].xml"]), `PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"`) {
		t.Error("word/comments.xml has no content type override")
	}
	texts := map[string]string{}
	for _, c := range parseXML(t, data).children("comment") {
		if c.attr("author") == "" {
			t.Errorf("comment %s has no author", c.attr("id"))
		}
		texts[c.attr("id")] = c.text()
	}
	var out []docxComment
	open := map[string]*strings.Builder{}
	refs := map[string]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		switch n.XMLName.Local {
		case "commentRangeStart":
			open[n.attr("id")] = &strings.Builder{}
		case "commentRangeEnd":
			id := n.attr("id")
			if open[id] == nil {
				t.Fatalf("comment %s ends before it starts", id)
			}
			out = append(out, docxComment{id: id, anchor: open[id].String(), text: texts[id]})
			delete(open, id)
		case "commentReference":
			refs[n.attr("id")] = true
		case "t":
			for _, b := range open {
				b.WriteString(n.Text)
			}
		}
		for _, c := range n.Nodes {
			walk(c)
		}
	}
	walk(pkg.body)
	if len(open) > 0 {
		t.Errorf("%d comment ranges not closed", len(open))
	}
	for _, c := range out {
		if !refs[c.id] {
			t.Errorf("comment %s has no reference", c.id)
		}
		if _, ok := texts[c.id]; !ok {
			t.Errorf("comment range %s has no comment", c.id)
		}
	}
	if len(out) != len(texts) {
		t.Errorf("%d comment ranges, %d comments", len(out), len(texts))
	}
	return out
}

// footer describes the section's default footer: alignment, fields, text and run styles.
func (pkg *docxPackage) footer(t *testing.T, sect *node) string {
	for _, ref := range sect.children("footerReference") {
		if ref.attr("type") == "default" {
			return pkg.footerOf(t, ref)
		}
	}
	return "none"
}

// footerOf describes the footer ref points at.
func (pkg *docxPackage) footerOf(t *testing.T, ref *node) string {
	target := pkg.rels[ref.attr("id")]
	data := pkg.files["word/"+target]
	if data == nil {
		return fmt.Sprintf("%s -> %q missing", ref.attr("type"), target)
	}
	ftr := parseXML(t, data)
	var fields []string
	var walk func(n *node)
	walk = func(n *node) {
		switch n.XMLName.Local {
		case "fldSimple":
			fields = append(fields, strings.TrimSpace(n.attr("instr")))
		case "instrText":
			fields = append(fields, strings.TrimSpace(n.Text))
		}
		for _, c := range n.Nodes {
			walk(c)
		}
	}
	walk(ftr)
	p := ftr.child("p")
	return fmt.Sprintf("%s -> %s %s fields=[%s] | %s | %q", ref.attr("type"), target, paraStyle(p),
		strings.Join(fields, " "), runStyles(p), ftr.text())
}

// paraStyle is a paragraph's alignment, first-line indent, line spacing and outline level.
func paraStyle(p *node) string {
	pPr := p.child("pPr")
	s := "jc=" + or(pPr.child("jc").attr("val"), "-")
	if ind := pPr.child("ind"); ind != nil {
		switch {
		case ind.attr("firstLine") != "":
			s += fmt.Sprintf(" indent=%schars/%s", ind.attr("firstLineChars"), ind.attr("firstLine"))
		case ind.attr("left") != "":
			s += " left=" + ind.attr("left")
		case ind.attr("right") != "":
			s += " right=" + ind.attr("right")
		}
	}
	if sp := pPr.child("spacing"); sp != nil {
		if sp.attr("line") != "" {
			s += fmt.Sprintf(" line=%s/%s", sp.attr("line"), sp.attr("lineRule"))
		}
		if a := sp.attr("after"); a != "" && a != "0" {
			s += " after=" + a
		}
	}
	if o := pPr.child("outlineLvl"); o != nil {
		s += " outline=" + o.attr("val")
	}
	for _, flag := range []string{"keepNext", "snapToGrid", "widowControl"} {
		if f := pPr.child(flag); f != nil {
			s += " " + flag + "=" + or(f.attr("val"), "true")
		}
	}
	return s
}

// runStyles lists the distinct run styles of a paragraph (including runs inside fields):
// East-Asian font (and the Latin one where it differs), size and bold.
func runStyles(p *node) string {
	var styles []string
	var walk func(n *node)
	walk = func(n *node) {
		if n.XMLName.Local == "r" {
			rPr := n.child("rPr")
			f := rPr.child("rFonts")
			s := or(f.attr("eastAsia"), "-")
			if a := f.attr("ascii"); a != f.attr("eastAsia") {
				s += "/" + or(a, "-")
			}
			sz := rPr.child("sz").attr("val")
			if half, err := strconv.Atoi(sz); err == nil {
				s += " " + strconv.FormatFloat(float64(half)/2, 'f', -1, 64) + "pt"
			} else {
				s += " size=-"
			}
			if b := rPr.child("b"); b != nil && b.attr("val") != "false" && b.attr("val") != "0" {
				s += " bold"
			}
			if sp := rPr.child("spacing"); sp != nil {
				s += " spacing=" + sp.attr("val")
			}
			if !slices.Contains(styles, s) {
				styles = append(styles, s)
			}
			return
		}
		for _, c := range n.Nodes {
			walk(c)
		}
	}
	walk(p)
	if len(styles) == 0 {
		return "no runs"
	}
	return strings.Join(styles, " + ")
}

func borders(n *node) string {
	if n == nil {
		return "none"
	}
	var out []string
	for _, c := range n.Nodes {
		out = append(out, fmt.Sprintf("%s:%s/%s", c.XMLName.Local, c.attr("val"), c.attr("sz")))
	}
	return strings.Join(out, ",")
}

func mm(twips string) string {
	v, err := strconv.Atoi(twips)
	if err != nil {
		return "?"
	}
	return strconv.FormatFloat(float64(v)/1440*25.4, 'f', 1, 64) + "mm"
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// summariseXLSX lists each sheet's name, merged cells, frozen panes, column widths and cell
// values row by row; numbers show bare, text quoted.
func summariseXLSX(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("# The workbook of sampleDocument, summarised by render_test.go: numbers bare, text quoted.\n")
	for i, name := range f.GetSheetList() {
		fmt.Fprintf(&b, "sheet%d %q\n", i+1, name)
		merged, err := f.GetMergeCells(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range merged {
			fmt.Fprintf(&b, "  merged %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
		}
		panes, err := f.GetPanes(name)
		if err != nil {
			t.Fatal(err)
		}
		if panes.Freeze {
			fmt.Fprintf(&b, "  frozen: rows above %s\n", panes.TopLeftCell)
		}
		pl, err := f.GetPageLayout(name)
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetSheetProps(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "  print: %s fitToPage=%v wide=%d tall=%d\n", deref(pl.Orientation), deref(props.FitToPage),
			deref(pl.FitToWidth), deref(pl.FitToHeight))
		for _, dn := range f.GetDefinedName() {
			if dn.Scope == name {
				fmt.Fprintf(&b, "  name %s = %s\n", dn.Name, dn.RefersTo)
			}
		}
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		var widths []string
		for c := range len(rows[min(1, len(rows)-1)]) {
			col, _ := excelize.ColumnNumberToName(c + 1)
			w, err := f.GetColWidth(name, col)
			if err != nil {
				t.Fatal(err)
			}
			widths = append(widths, strconv.FormatFloat(w, 'f', -1, 64))
		}
		fmt.Fprintf(&b, "  widths: %s\n", strings.Join(widths, " "))
		for r, row := range rows {
			var cells []string
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(name, ref)
				if err != nil {
					t.Fatal(err)
				}
				if typ == excelize.CellTypeNumber || (typ == excelize.CellTypeUnset && v != "") {
					cells = append(cells, v)
				} else {
					cells = append(cells, strconv.Quote(v))
				}
			}
			h, err := f.GetRowHeight(name, r+1)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "  row%d h=%v %s\n", r+1, h, strings.Join(cells, " "))
		}
	}
	return b.String()
}

// TestXLSXFormulaTextStaysText: user text that looks like a formula is stored as a string,
// so a spreadsheet never evaluates it.
func TestXLSXFormulaTextStaysText(t *testing.T) {
	d := Document{Title: "问题清单", Blocks: []Block{{Kind: KindTable, Table: &Table{
		Header: []string{"问题"}, Rows: [][]string{{`=HYPERLINK("http://x","y")`}, {"+1+1"}, {"@SUM(A1)"}},
	}}}}
	f, err := excelize.OpenReader(bytes.NewReader(renderXLSX(t, d)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r := range rows {
		for c := range rows[r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
				t.Fatalf("cell %s holds a formula %q", cell, formula)
			}
		}
	}
	if got := strings.Join(rows[len(rows)-3], ""); got != `=HYPERLINK("http://x","y")` {
		t.Fatalf("the text was not kept as written: %q", got)
	}
}
