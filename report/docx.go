package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// TextStyle is how one kind of paragraph looks: its font (East-Asian and Latin alike),
// size in points, weight, and placement.
type TextStyle struct {
	Font        string
	SizePt      int
	Bold        bool
	Centred     bool
	IndentChars int // first-line indent in characters of this size
	Outline     int // outline level + 1 for the navigation pane; 0 for none
	LinesAfter  int // empty lines' worth of space after the block
	// SpacingPt is added to each character's advance (w:spacing); negative tightens.
	SpacingPt float64
	KeepNext  bool // kept on the page of the paragraph after it (w:keepNext)
	// Phrases breaks a paragraph that runs over a line between phrases itself (titleLines)
	// rather than leaving it to the word processor.
	Phrases bool
	// OffGrid keeps the paragraph's lines off the page's line grid (w:snapToGrid 0): with
	// zh-CN text LibreOffice gives a line whose font is taller than the pitch (22pt CJK is)
	// two grid lines; the exact line height keeps the lines after it on the grid anyway.
	OffGrid bool
}

// Layout is the page and paragraph layout of a rendered document.
type Layout struct {
	PageWidthMM, PageHeightMM        float64
	TopMM, BottomMM, LeftMM, RightMM float64
	HeaderMM, FooterMM               float64 // distance of header / footer from the page edge
	LinePitchPt                      float64 // exact line height of text paragraphs
	FooterLinePt                     float64 // exact line height of the page number

	Title, Heading1, Heading2, Body TextStyle
	TableHeader, TableCell          TextStyle
	// PageNumber is the footer's "— N —": odd pages' right-aligned, even pages' left-aligned,
	// IndentChars characters in from the outer edge.
	PageNumber TextStyle
}

// GBT9704 is the layout of GB/T 9704-2012 (党政机关公文格式) as the issue states it: A4,
// margins 37/35/28/26 mm (top/bottom/left/right), title 小标宋 22pt centred and broken
// between phrases, 一、 headings 黑体 16pt, （一） headings 楷体 16pt, body 仿宋 16pt with a
// two-character first-line indent, 28 characters × 22 lines to a page, page numbers 宋体 14pt
// 「— N —」, odd pages right and even pages left, one character in. Headings are paragraphs of
// the text like any other and so are indented two characters too, and are kept with the
// paragraph after them; the title is followed by one empty line's space.
// It is the one place for these numbers.
var GBT9704 = Layout{
	PageWidthMM: 210, PageHeightMM: 297,
	TopMM: 37, BottomMM: 35, LeftMM: 28, RightMM: 26,
	HeaderMM: 15, FooterMM: 28,
	// 22 lines in the 225 mm high text area: 225 mm / 22 ≈ 28.95 pt.
	LinePitchPt: 28.95,
	// The page number's line fits the 7 mm (19.8pt) between the text and the footer.
	FooterLinePt: 18,

	// 28 characters of 16pt need 448pt; the text is 156 mm ≈ 442.2pt wide, so each character
	// gives up 0.25pt (28 × 15.75 = 441). A character grid (w:docGrid linesAndChars) would say
	// the same to Word, but LibreOffice lays a negative charSpace out at 14–15 characters a
	// line, so the grid is lines only and the runs carry the spacing.
	Title:       TextStyle{Font: "方正小标宋简体", SizePt: 22, Centred: true, LinesAfter: 1, KeepNext: true, Phrases: true, OffGrid: true},
	Heading1:    TextStyle{Font: "黑体", SizePt: 16, IndentChars: 2, Outline: 1, SpacingPt: -0.25, KeepNext: true},
	Heading2:    TextStyle{Font: "楷体", SizePt: 16, IndentChars: 2, Outline: 2, SpacingPt: -0.25, KeepNext: true},
	Body:        TextStyle{Font: "仿宋", SizePt: 16, IndentChars: 2, SpacingPt: -0.25},
	TableHeader: TextStyle{Font: "仿宋", SizePt: 12, Bold: true, Centred: true},
	TableCell:   TextStyle{Font: "仿宋", SizePt: 12},
	PageNumber:  TextStyle{Font: "宋体", SizePt: 14, IndentChars: 1},
}

// twips converts millimetres to twentieths of a point, Word's unit of length.
func twips(mm float64) int { return int(math.Round(mm / 25.4 * 1440)) }

const (
	relFooter    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
	ctFooter     = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	nsW          = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	settingsPart = "word/settings.xml"
	corePart     = "docProps/core.xml"
	pageNumDash  = "—"
)

// WriteDOCX renders d as a Word document laid out per GBT9704: the title (d.Title, unless
// the blocks carry their own KindTitle block) 小标宋 22pt centred, broken between phrases;
// 一、 headings 黑体 16pt and （一） headings 楷体 16pt, kept with the next paragraph; body
// 仿宋 16pt with a two-character first-line indent, 28 characters × 22 lines to a page;
// tables with borders and a bold header row; A4 with margins 37/35/28/26 mm; page numbers
// 「— N —」 right on odd pages and left on even ones. A line break in a block's text starts a
// new paragraph of the same kind. d.Author (the branch) is the document's author.
func WriteDOCX(w io.Writer, d Document) error {
	return writeDOCX(w, d, GBT9704)
}

func writeDOCX(w io.Writer, d Document, l Layout) error {
	rd, err := godocx.NewDocument()
	if err != nil {
		return fmt.Errorf("report: new docx: %w", err)
	}

	hasTitleBlock := false
	for _, b := range d.Blocks {
		if b.Kind == KindTitle {
			hasTitleBlock = true
			break
		}
	}
	if d.Title != "" && !hasTitleBlock {
		addParagraphs(rd, d.Title, l.Title, l)
	}
	for i, b := range d.Blocks {
		switch b.Kind {
		case KindTitle:
			addParagraphs(rd, b.Text, l.Title, l)
		case KindHeading1:
			addParagraphs(rd, b.Text, l.Heading1, l)
		case KindHeading2:
			addParagraphs(rd, b.Text, l.Heading2, l)
		case KindBody:
			addParagraphs(rd, b.Text, l.Body, l)
		case KindTable:
			if b.Table == nil {
				return fmt.Errorf("report: block %d is a table without Table", i)
			}
			addTable(rd, b.Table, l)
		default:
			return fmt.Errorf("report: block %d has unknown kind %d", i, b.Kind)
		}
	}

	even, err := setSection(rd, l)
	if err != nil {
		return err
	}
	if err := tidyPackage(rd, d, l); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rd.Write(&buf); err != nil {
		return fmt.Errorf("report: write docx: %w", err)
	}
	return addEvenFooter(w, buf.Bytes(), even)
}

// addParagraphs adds one paragraph per line of text, styled s. A style that breaks its own
// lines (Phrases) gets them as line breaks within the one paragraph, so that the title stays
// one paragraph to edit.
func addParagraphs(rd *docx.RootDoc, text string, s TextStyle, l Layout) {
	var p *docx.Paragraph
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		p = rd.AddEmptyParagraph()
		styleParagraph(p, s, l, true)
		parts := []string{line}
		if s.Phrases {
			parts = titleLines(line, twips(l.PageWidthMM-l.LeftMM-l.RightMM)/(s.SizePt*20))
		}
		styleRun(p.AddText(parts[0]), p, s)
		run := p.GetCT().Children[len(p.GetCT().Children)-1].Run
		for _, part := range parts[1:] {
			run.Children = append(run.Children,
				ctypes.RunChild{Break: &ctypes.Break{}}, ctypes.RunChild{Text: ctypes.TextFromString(part)})
		}
	}
	if s.LinesAfter > 0 {
		after := uint64(s.LinesAfter) * uint64(math.Round(l.LinePitchPt*20))
		p.GetCT().Property.Spacing.After = &after
	}
}

// styleParagraph sets alignment, indent and spacing; text paragraphs get the exact line pitch
// of the page grid, table paragraphs single spacing.
func styleParagraph(p *docx.Paragraph, s TextStyle, l Layout, text bool) {
	if s.Centred {
		p.Justification(stypes.JustificationCenter)
	} else {
		p.Justification(stypes.JustificationBoth)
	}
	if s.IndentChars > 0 {
		chars := s.IndentChars * 100
		first := uint64(s.IndentChars * s.SizePt * 20)
		p.Indent(&ctypes.Indent{FirstLineChars: &chars, FirstLine: &first})
	}
	p.Spacing(0, 0)
	ct := p.GetCT()
	if text {
		line := int(math.Round(l.LinePitchPt * 20))
		rule := stypes.LineSpacingRuleExact
		ct.Property.Spacing.Line = &line
		ct.Property.Spacing.LineRule = &rule
		// GB/T 9704 fills every page with its 22 lines; widow and orphan control would
		// leave the last line empty whenever a paragraph has one line to carry over.
		ct.Property.WindowControl = ctypes.OnOffFromBool(false)
	}
	if s.Outline > 0 {
		ct.Property.OutlineLvl = ctypes.NewDecimalNum(s.Outline - 1)
	}
	if s.OffGrid {
		ct.Property.SnapToGrid = ctypes.OnOffFromBool(false)
	}
	if s.KeepNext {
		// A heading alone at the foot of a page reads as the end of its section.
		ct.Property.KeepNext = ctypes.OnOffFromBool(true)
	}
}

// styleRun gives the run p's last run its font (East-Asian and Latin), size and weight. The
// library's Run.Font sets only the Latin names, so w:eastAsia is set on the element.
func styleRun(r *docx.Run, p *docx.Paragraph, s TextStyle) {
	r.Size(uint64(s.SizePt)).Bold(s.Bold)
	children := p.GetCT().Children
	prop := children[len(children)-1].Run.Property
	prop.Fonts = &ctypes.RunFonts{
		Ascii: s.Font, HAnsi: s.Font, EastAsia: s.Font, CS: s.Font,
		Hint: stypes.FontTypeHintEastAsia,
	}
	prop.SizeCs = ctypes.NewFontSizeCS(uint64(s.SizePt * 2))
	if tw := int(math.Round(s.SpacingPt * 20)); tw != 0 {
		prop.Spacing = ctypes.NewDecimalNum(tw)
	}
	if !s.Bold {
		prop.Bold = nil
	}
}

// addTable adds t as a full-width bordered table with equal columns and a bold header row
// that repeats on each page.
func addTable(rd *docx.RootDoc, t *Table, l Layout) {
	cols := len(t.Header)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	width := twips(l.PageWidthMM - l.LeftMM - l.RightMM)
	colW := columnWidths(t, cols, width, l)

	tbl := rd.AddTable()
	widths := make([]uint64, cols)
	for i, w := range colW {
		widths[i] = uint64(w)
	}
	tbl.Grid(widths...)
	tbl.Width(width, stypes.TableWidthDxa)
	tbl.Layout(stypes.TableLayoutFixed)
	line := func() *ctypes.Border {
		size := 4
		color := "000000"
		return &ctypes.Border{Val: stypes.BorderStyleSingle, Size: &size, Color: &color}
	}
	ct := tbl.GetCT()
	ct.TableProp.Justification = ctypes.NewGenSingleStrVal(stypes.JustificationCenter)
	ct.TableProp.Borders = &ctypes.TableBorders{
		Top: line(), Left: line(), Bottom: line(), Right: line(), InsideH: line(), InsideV: line(),
	}

	addRow := func(cells []string, s TextStyle, header bool) {
		row := tbl.AddRow()
		for i := range cols {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			cell := row.AddCell().Width(colW[i], stypes.TableWidthDxa).VerticalAlign("center")
			for _, ln := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
				p := cell.AddEmptyPara()
				styleParagraph(p, s, l, false)
				styleRun(p.AddText(ln), p, s)
			}
		}
		if header {
			rows := ct.RowContents
			rows[len(rows)-1].Row.Property.Header = ctypes.OnOffFromBool(true)
		}
	}
	if len(t.Header) > 0 {
		addRow(t.Header, l.TableHeader, true)
	}
	for _, r := range t.Rows {
		addRow(r, l.TableCell, false)
	}
	// A paragraph after the table keeps two tables apart and gives Word somewhere to type.
	p := rd.AddEmptyParagraph()
	styleParagraph(p, TextStyle{SizePt: l.Body.SizePt}, l, true)
}

// cellPadding is Word's default left + right cell margin, in twips.
const cellPadding = 2 * 108

// columnWidths shares width (twips) among the columns by their content: each column gets at
// least what its header needs on one line, and the rest goes to the columns whose text is
// longer, no column wanting more than half the table.
func columnWidths(t *Table, cols, width int, l Layout) []int {
	natural := func(text string, s TextStyle) int {
		w := 0
		for _, line := range strings.Split(text, "\n") {
			w = max(w, displayWidth(line))
		}
		return max(w, 2)*s.SizePt*10 + cellPadding // a half-width character is SizePt/2 pt
	}
	minW, want := make([]int, cols), make([]int, cols)
	for c := range cols {
		if c < len(t.Header) {
			minW[c] = natural(t.Header[c], l.TableHeader)
		} else {
			minW[c] = natural("", l.TableHeader)
		}
		want[c] = minW[c]
		for _, r := range t.Rows {
			if c < len(r) {
				want[c] = max(want[c], min(natural(r[c], l.TableCell), width/2))
			}
		}
	}
	sum := func(xs []int) int {
		n := 0
		for _, x := range xs {
			n += x
		}
		return n
	}
	out := make([]int, cols)
	switch sumMin, sumWant := sum(minW), sum(want); {
	case sumWant <= width: // everything fits: widen all in proportion
		for c := range cols {
			out[c] = want[c] * width / sumWant
		}
	case sumMin >= width: // even the headers do not fit: share in proportion to them
		for c := range cols {
			out[c] = minW[c] * width / sumMin
		}
	default: // headers fit: the rest goes to the columns that want more
		extra, wanted := width-sumMin, sumWant-sumMin
		for c := range cols {
			out[c] = minW[c] + (want[c]-minW[c])*extra/wanted
		}
	}
	out[cols-1] += width - sum(out) // rounding
	return out
}

// footers are the section's page-number footers. GB/T 9704 puts odd pages' numbers right and
// even pages' left; Word and LibreOffice show an even footer only with w:evenAndOddHeaders in
// the settings (tidyPackage).
var footers = []struct {
	part string
	kind stypes.HdrFtrType
	odd  bool
}{
	{"word/footer1.xml", stypes.HdrFtrDefault, true},
	{"word/footer2.xml", stypes.HdrFtrEven, false},
}

// setSection sets the page (A4, margins, line grid) and the footers with the page number. It
// returns the even pages' footer reference, which the library's section (one footer
// reference) cannot hold; addEvenFooter puts it into the written document.
func setSection(rd *docx.RootDoc, l Layout) (even ctypes.FooterReference, err error) {
	doc := rd.Document
	sect := doc.Body.SectPr
	if sect == nil {
		sect = ctypes.NewSectionProper()
		doc.Body.SectPr = sect
	}
	for _, f := range footers {
		footer, err := footerXML(l, f.odd)
		if err != nil {
			return even, err
		}
		rd.FileMap.Store(f.part, footer)
		if err := rd.ContentType.AddOverride("/"+f.part, ctFooter); err != nil {
			return even, fmt.Errorf("report: footer content type: %w", err)
		}
		rID := "rId" + strconv.Itoa(doc.IncRelationID())
		doc.DocRels.Relationships = append(doc.DocRels.Relationships, &docx.Relationship{
			ID: rID, Type: relFooter, Target: strings.TrimPrefix(f.part, "word/"),
		})
		ref := ctypes.FooterReference{Type: f.kind, ID: rID}
		if f.odd {
			sect.FooterReference = &ref
		} else {
			even = ref
		}
	}

	pw, ph := uint64(twips(l.PageWidthMM)), uint64(twips(l.PageHeightMM))
	top, bottom, left, right := twips(l.TopMM), twips(l.BottomMM), twips(l.LeftMM), twips(l.RightMM)
	header, foot, gutter := twips(l.HeaderMM), twips(l.FooterMM), 0
	pitch := int(math.Round(l.LinePitchPt * 20))

	sect.PageSize = &ctypes.PageSize{Width: &pw, Height: &ph}
	sect.PageMargin = &ctypes.PageMargin{
		Top: &top, Bottom: &bottom, Left: &left, Right: &right,
		Header: &header, Footer: &foot, Gutter: &gutter,
	}
	sect.DocGrid = &ctypes.DocGrid{Type: stypes.DocGridLines, LinePitch: &pitch}
	return even, nil
}

// footerXML is a footer part: one paragraph "— PAGE —", on odd pages right-aligned and on
// even pages left-aligned, l.PageNumber.IndentChars characters in. Its spacing is set to none
// and its line to an exact height: else it inherits the template's 10pt after and the line
// grid's pitch, grows past the 7 mm between the text and the footer, and LibreOffice takes the
// page's 22nd line for it. The library has no footer part and no field element
// (w:fldSimple / w:fldChar are not in its run model), so the w:ftr and w:fldSimple wrappers
// are written here with encoding/xml; the paragraph properties and the runs inside them are
// the library's elements.
func footerXML(l Layout, odd bool) ([]byte, error) {
	s := l.PageNumber
	para := &ctypes.Paragraph{Property: ctypes.DefaultParaProperty()}
	indent := s.IndentChars * s.SizePt * 20
	if odd {
		para.Property.Justification = ctypes.NewGenSingleStrVal(stypes.JustificationRight)
		para.Property.Indent = &ctypes.Indent{Right: &indent}
	} else {
		para.Property.Justification = ctypes.NewGenSingleStrVal(stypes.JustificationLeft)
		para.Property.Indent = &ctypes.Indent{Left: &indent}
	}
	var zero uint64
	line := int(math.Round(l.FooterLinePt * 20))
	rule := stypes.LineSpacingRuleExact
	para.Property.Spacing = &ctypes.Spacing{Before: &zero, After: &zero, Line: &line, LineRule: &rule}
	run := func(text string) *ctypes.Run {
		return &ctypes.Run{
			Property: &ctypes.RunProperty{
				Fonts: &ctypes.RunFonts{
					Ascii: s.Font, HAnsi: s.Font, EastAsia: s.Font, CS: s.Font,
					Hint: stypes.FontTypeHintEastAsia,
				},
				Size:   ctypes.NewFontSize(uint64(s.SizePt * 2)),
				SizeCs: ctypes.NewFontSizeCS(uint64(s.SizePt * 2)),
			},
			Children: []ctypes.RunChild{{Text: ctypes.TextFromString(text)}},
		}
	}

	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	e := xml.NewEncoder(&buf)
	ftr := xml.StartElement{Name: xml.Name{Local: "w:ftr"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "xmlns:w"}, Value: nsW},
		{Name: xml.Name{Local: "xmlns:r"}, Value: nsR},
	}}
	pStart := xml.StartElement{Name: xml.Name{Local: "w:p"}}
	fld := xml.StartElement{Name: xml.Name{Local: "w:fldSimple"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "w:instr"}, Value: " PAGE "},
	}}
	steps := []func() error{
		func() error { return e.EncodeToken(ftr) },
		func() error { return e.EncodeToken(pStart) },
		func() error { return para.Property.MarshalXML(e, xml.StartElement{}) },
		func() error { return run(pageNumDash+" ").MarshalXML(e, xml.StartElement{}) },
		func() error { return e.EncodeToken(fld) },
		func() error { return run("1").MarshalXML(e, xml.StartElement{}) },
		func() error { return e.EncodeToken(fld.End()) },
		func() error { return run(" "+pageNumDash).MarshalXML(e, xml.StartElement{}) },
		func() error { return e.EncodeToken(pStart.End()) },
		func() error { return e.EncodeToken(ftr.End()) },
		e.Flush,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("report: footer: %w", err)
		}
	}
	return buf.Bytes(), nil
}
