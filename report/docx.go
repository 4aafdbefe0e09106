package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

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
}

// Layout is the page and paragraph layout of a rendered document.
type Layout struct {
	PageWidthMM, PageHeightMM        float64
	TopMM, BottomMM, LeftMM, RightMM float64
	HeaderMM, FooterMM               float64 // distance of header / footer from the page edge
	LinePitchPt                      float64 // exact line height of text paragraphs

	Title, Heading1, Heading2, Body TextStyle
	TableHeader, TableCell          TextStyle
	PageNumber                      TextStyle // the footer's page number, "— N —"

	// OneLineTitle shrinks a title that would wrap, down to MinTitlePt, so that it stays on
	// one line: a list's title is a form's caption, and a second line costs a table row.
	OneLineTitle bool
	MinTitlePt   int
}

// GBT9704 is the layout of GB/T 9704-2012 (党政机关公文格式) as the issue states it: A4,
// margins 37/35/28/26 mm (top/bottom/left/right), title 小标宋 22pt centred, 一、 headings
// 黑体 16pt, （一） headings 楷体 16pt, body 仿宋 16pt with a two-character first-line
// indent, 22 lines to a page, page numbers 宋体 14pt centred in the footer. Headings are
// paragraphs of the text like any other and so are indented two characters too; the title is
// followed by one empty line's space.
// It is the one place for these numbers.
var GBT9704 = Layout{
	PageWidthMM: 210, PageHeightMM: 297,
	TopMM: 37, BottomMM: 35, LeftMM: 28, RightMM: 26,
	HeaderMM: 15, FooterMM: 28,
	// 22 lines in the 225 mm high text area: 225 mm / 22 ≈ 28.95 pt.
	LinePitchPt: 28.95,

	Title:       TextStyle{Font: "方正小标宋简体", SizePt: 22, Centred: true, LinesAfter: 1},
	Heading1:    TextStyle{Font: "黑体", SizePt: 16, IndentChars: 2, Outline: 1},
	Heading2:    TextStyle{Font: "楷体", SizePt: 16, IndentChars: 2, Outline: 2},
	Body:        TextStyle{Font: "仿宋", SizePt: 16, IndentChars: 2},
	TableHeader: TextStyle{Font: "仿宋", SizePt: 12, Bold: true, Centred: true},
	TableCell:   TextStyle{Font: "仿宋", SizePt: 12},
	PageNumber:  TextStyle{Font: "宋体", SizePt: 14, Centred: true},
}

// GBT9704Landscape is the page of the lists (问题清单, 整改台账): GBT9704's type on A4 turned
// landscape, which gives a table of seven to nine columns room for its text columns, with
// 20 mm margins (the page number 10 mm from the edge) because a list is a form that is
// printed and filed, not body text to be bound, and with its title kept on one line.
var GBT9704Landscape = func() Layout {
	l := GBT9704
	l.PageWidthMM, l.PageHeightMM = GBT9704.PageHeightMM, GBT9704.PageWidthMM
	l.TopMM, l.BottomMM, l.LeftMM, l.RightMM = 20, 20, 20, 20
	l.HeaderMM, l.FooterMM = 10, 10
	l.OneLineTitle, l.MinTitlePt = true, 16
	return l
}()

// twips converts millimetres to twentieths of a point, Word's unit of length.
func twips(mm float64) int { return int(math.Round(mm / 25.4 * 1440)) }

const (
	relFooter   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
	ctFooter    = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	nsW         = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	footerPart  = "word/footer1.xml"
	corePart    = "docProps/core.xml"
	pageNumDash = "—"
)

// WriteDOCX renders d as a Word document laid out per GBT9704: the title (d.Title, unless
// the blocks carry their own KindTitle block) 小标宋 22pt centred; 一、 headings 黑体 16pt;
// （一） headings 楷体 16pt; body 仿宋 16pt with a two-character first-line indent; tables
// with borders and a bold header row; A4 with margins 37/35/28/26 mm; page numbers centred
// in the footer. A line break in a block's text starts a new paragraph of the same kind.
// A Landscape document (a list) is laid out per GBT9704Landscape instead.
func WriteDOCX(w io.Writer, d Document) error {
	if d.Landscape {
		return writeDOCX(w, d, GBT9704Landscape)
	}
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
		addParagraphs(rd, d.Title, titleStyle(d.Title, l), l)
	}
	for i, b := range d.Blocks {
		switch b.Kind {
		case KindTitle:
			addParagraphs(rd, b.Text, titleStyle(b.Text, l), l)
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

	if err := setSection(rd, l); err != nil {
		return err
	}
	core, err := coreXML(d.Title)
	if err != nil {
		return err
	}
	rd.FileMap.Store(corePart, core)
	if err := rd.Write(w); err != nil {
		return fmt.Errorf("report: write docx: %w", err)
	}
	return nil
}

// titleStyle is l.Title, its size cut under l.OneLineTitle so that each line of text fits the
// text width (a wide character is one em, a narrow one half), but not below l.MinTitlePt.
func titleStyle(text string, l Layout) TextStyle {
	s := l.Title
	if !l.OneLineTitle {
		return s
	}
	widest := 0 // in half-ems
	for _, line := range strings.Split(text, "\n") {
		widest = max(widest, displayWidth(line))
	}
	if widest == 0 {
		return s
	}
	widthPt := (l.PageWidthMM - l.LeftMM - l.RightMM) / 25.4 * 72
	fit := int(widthPt * 2 / float64(widest))
	s.SizePt = max(min(s.SizePt, fit), l.MinTitlePt)
	return s
}

// addParagraphs adds one paragraph per line of text, styled s.
func addParagraphs(rd *docx.RootDoc, text string, s TextStyle, l Layout) {
	var p *docx.Paragraph
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		p = rd.AddEmptyParagraph()
		styleParagraph(p, s, l, true)
		styleRun(p.AddText(line), p, s)
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
	}
	if s.Outline > 0 {
		ct.Property.OutlineLvl = ctypes.NewDecimalNum(s.Outline - 1)
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
	if !s.Bold {
		prop.Bold = nil
	}
}

// addTable adds t as a full-width bordered table, its columns sized to their content, with a
// bold centred header row that repeats on each page.
// Cells are left-aligned on single spacing off the page's line grid: justified, a short line
// of Chinese is spread across the cell, and on the grid each line of 12 pt text takes a
// 28.95 pt line of body text.
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
				styleCell(p, s, l)
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
	// It is a cell-sized line off the grid, so that a table that just fills its page is not
	// followed by a page holding only this paragraph.
	p := rd.AddEmptyParagraph()
	styleCell(p, TextStyle{SizePt: l.TableCell.SizePt}, l)
}

// styleCell styles a table paragraph: styleParagraph's single spacing, and left-aligned
// unless centred, off the line grid.
func styleCell(p *docx.Paragraph, s TextStyle, l Layout) {
	styleParagraph(p, s, l, false)
	ct := p.GetCT()
	if !s.Centred {
		ct.Property.Justification = ctypes.NewGenSingleStrVal(stypes.JustificationLeft)
	}
	ct.Property.SnapToGrid = ctypes.OnOffFromBool(false)
}

// cellPadding is Word's default left + right cell margin, in twips.
const cellPadding = 2 * 108

// columnWidths shares width (twips) among the columns by their content (see fitColumns),
// measured in ems of the cell text.
func columnWidths(t *Table, cols, width int, l Layout) []int {
	emTwips := float64(l.TableCell.SizePt * 20)
	ems := fitColumns(t, cols, float64(width-cols*cellPadding)/emTwips)
	out := make([]int, cols)
	sum := 0
	for c, em := range ems {
		out[c] = int(em*emTwips) + cellPadding
		sum += out[c]
	}
	out[cols-1] += width - sum // rounding
	return out
}

// keepWhole is the widest cell (in ems) that fitColumns keeps on one line whatever the
// column: a name, a status. Date columns keep every date on one line, since 2023年12月3 / 1日
// is hard to read.
// keepSlack is room for a font whose characters are a little wider than textEms counts.
const keepWhole, keepSlack = 4, 0.5

// fitColumns shares total ems among the columns so that the tallest cell is as short as it
// can be: it finds the fewest lines L such that every column is wide enough for its header on
// one line, its short cells and dates on one line, and each of its other cells in L lines,
// and shares what is left over among the columns that wrap, in proportion to their width.
// Without this a one-character 问题 column runs a problem down a page, and a column of
// equal share wraps a date. When even the one-line cells do not fit, the columns share the
// width in proportion to what they need at the least.
func fitColumns(t *Table, cols int, total float64) []float64 {
	dates := map[int]bool{}
	for _, c := range t.DateCols {
		dates[c] = true
	}
	// floor[c]: one-line header and kept cells; long[c]: the other cells' lines, in ems.
	floor := make([]float64, cols)
	long := make([][]float64, cols)
	for c := range cols {
		if c < len(t.Header) {
			floor[c] = textEms(t.Header[c])
		}
		floor[c] = max(floor[c], 2)
		for _, r := range t.Rows {
			if c >= len(r) {
				continue
			}
			lines := strings.Split(r[c], "\n")
			for _, line := range lines {
				em := textEms(line)
				if em <= keepWhole || dates[c] && isChineseDate(line) {
					floor[c] = max(floor[c], em+keepSlack)
				} else if em > 0 {
					long[c] = append(long[c], em)
				}
			}
		}
	}
	// wrapSlack is room for what wrapping loses: a line that cannot end on a closing mark
	// or start on an opening one is a character short.
	const wrapSlack = 1.0
	need := func(c, lines int) float64 {
		w := floor[c]
		for _, em := range long[c] {
			w = max(w, min(em, em/float64(lines)+wrapSlack))
		}
		return w
	}
	sumNeed := func(lines int) float64 {
		s := 0.0
		for c := range cols {
			s += need(c, lines)
		}
		return s
	}
	most := 1 // the lines of the longest cell in a one-em column: no column needs more
	for c := range cols {
		for _, em := range long[c] {
			most = max(most, int(math.Ceil(em)))
		}
	}
	out := make([]float64, cols)
	if sumNeed(most) > total { // even the floors do not fit: share in proportion to them
		s := sumNeed(most)
		for c := range cols {
			out[c] = need(c, most) * total / s
		}
		return out
	}
	// The need falls as the lines grow, so the fewest lines that fit are found by bisection.
	lo, hi := 1, most
	for lo < hi {
		mid := (lo + hi) / 2
		if sumNeed(mid) <= total {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	spare, wrapping := total-sumNeed(lo), 0.0
	for c := range cols {
		out[c] = need(c, lo)
		if len(long[c]) > 0 {
			wrapping += out[c]
		}
	}
	for c := range cols {
		switch {
		case wrapping > 0 && len(long[c]) > 0:
			out[c] += spare * out[c] / wrapping
		case wrapping == 0:
			out[c] += spare / float64(cols)
		}
	}
	return out
}

// textEms is the width of one line of text in ems: a wide (CJK) character is one em, a
// narrow one 0.65 (digits are wider than half an em in most fonts: DejaVu Sans's, which
// LibreOffice substitutes for 仿宋, are 0.64), and a switch between the
// two a quarter em, the space Word and LibreOffice put between Chinese and digits.
func textEms(s string) float64 {
	em, prevWide, first := 0.0, false, true
	for _, r := range s {
		wide := displayWidth(string(r)) == 2
		if wide {
			em++
		} else {
			em += 0.65
		}
		if !first && wide != prevWide {
			em += 0.25
		}
		prevWide, first = wide, false
	}
	return em
}

// isChineseDate reports whether s is a date as orglife.Date.Chinese writes it.
func isChineseDate(s string) bool {
	_, err := time.Parse(chineseDateLayout, s)
	return err == nil
}

// chineseDateLayout is orglife.Date.Chinese's format: 2023年1月2日.
const chineseDateLayout = "2006年1月2日"

// setSection sets the page (A4, margins, line grid) and a footer with the page number.
func setSection(rd *docx.RootDoc, l Layout) error {
	footer, err := footerXML(l)
	if err != nil {
		return err
	}
	rd.FileMap.Store(footerPart, footer)
	if err := rd.ContentType.AddOverride("/"+footerPart, ctFooter); err != nil {
		return fmt.Errorf("report: footer content type: %w", err)
	}
	doc := rd.Document
	rID := "rId" + strconv.Itoa(doc.IncRelationID())
	doc.DocRels.Relationships = append(doc.DocRels.Relationships, &docx.Relationship{
		ID: rID, Type: relFooter, Target: "footer1.xml",
	})

	pw, ph := uint64(twips(l.PageWidthMM)), uint64(twips(l.PageHeightMM))
	top, bottom, left, right := twips(l.TopMM), twips(l.BottomMM), twips(l.LeftMM), twips(l.RightMM)
	header, foot, gutter := twips(l.HeaderMM), twips(l.FooterMM), 0
	pitch := int(math.Round(l.LinePitchPt * 20))

	sect := doc.Body.SectPr
	if sect == nil {
		sect = ctypes.NewSectionProper()
		doc.Body.SectPr = sect
	}
	sect.FooterReference = &ctypes.FooterReference{Type: stypes.HdrFtrDefault, ID: rID}
	sect.PageSize = &ctypes.PageSize{Width: &pw, Height: &ph}
	if pw > ph { // Word's printing and page setup go by orient, not by the sizes
		sect.PageSize.Orient = stypes.PageOrientLandscape
	}
	sect.PageMargin = &ctypes.PageMargin{
		Top: &top, Bottom: &bottom, Left: &left, Right: &right,
		Header: &header, Footer: &foot, Gutter: &gutter,
	}
	sect.DocGrid = &ctypes.DocGrid{Type: stypes.DocGridLines, LinePitch: &pitch}
	return nil
}

// footerXML is the footer part: one centred paragraph "— PAGE —". The library has no
// footer part and no field element (w:fldSimple / w:fldChar are not in its run model), so
// the w:ftr and w:fldSimple wrappers are written here with encoding/xml; the paragraph
// properties and the runs inside them are the library's elements.
func footerXML(l Layout) ([]byte, error) {
	s := l.PageNumber
	para := &ctypes.Paragraph{Property: ctypes.DefaultParaProperty()}
	para.Property.Justification = ctypes.NewGenSingleStrVal(stypes.JustificationCenter)
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

// coreProperties is docProps/core.xml. The library has no API for it and its template names
// "gomutex" as the author, which a branch's report should not carry: the title is the
// document's, and no author or dates are claimed.
type coreProperties struct {
	XMLName xml.Name `xml:"cp:coreProperties"`
	CP      string   `xml:"xmlns:cp,attr"`
	DC      string   `xml:"xmlns:dc,attr"`
	Title   string   `xml:"dc:title"`
}

func coreXML(title string) ([]byte, error) {
	b, err := xml.Marshal(coreProperties{
		CP:    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
		DC:    "http://purl.org/dc/elements/1.1/",
		Title: title,
	})
	if err != nil {
		return nil, fmt.Errorf("report: core properties: %w", err)
	}
	return append([]byte(xml.Header), b...), nil
}
