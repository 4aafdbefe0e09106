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
	Right       bool // right-aligned (a signature), RightChars characters in from the margin
	RightChars  int
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
	// Signature is the name and date that close a member's material: body type, right-aligned
	// two characters in (GB/T 9704's 成文日期 stands right, four characters in under a seal;
	// a personal material has none).
	Signature              TextStyle
	TableHeader, TableCell TextStyle
	// PageNumber is the footer's "— N —": odd pages' right-aligned, even pages' left-aligned,
	// IndentChars characters in from the outer edge.
	PageNumber TextStyle

	// OneLineTitle shrinks a title that would wrap, down to MinTitlePt, so that it stays on
	// one line: a list's title is a form's caption, and a second line costs a table row.
	OneLineTitle bool
	MinTitlePt   int
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
	Signature:   TextStyle{Font: "仿宋", SizePt: 16, Right: true, RightChars: 2, SpacingPt: -0.25},
	TableHeader: TextStyle{Font: "仿宋", SizePt: 12, Bold: true, Centred: true},
	TableCell:   TextStyle{Font: "仿宋", SizePt: 12},
	PageNumber:  TextStyle{Font: "宋体", SizePt: 14, IndentChars: 1},
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
	l.Title.Phrases = false // one line: shrunk to fit, never broken
	return l
}()

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
	var comments []string
	text := func(b Block, s TextStyle) {
		if b.Sentences != nil {
			comments = addSentences(rd, b.Sentences, s, l, comments)
			return
		}
		addParagraphs(rd, b.Text, s, l)
	}
	for i, b := range d.Blocks {
		switch b.Kind {
		case KindTitle:
			addParagraphs(rd, b.Text, titleStyle(b.Text, l), l)
		case KindHeading1:
			text(b, l.Heading1)
		case KindHeading2:
			text(b, l.Heading2)
		case KindBody:
			text(b, l.Body)
		case KindSignature:
			text(b, l.Signature)
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
	if len(comments) > 0 {
		if err := addCommentsPart(rd, comments, l); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := rd.Write(&buf); err != nil {
		return fmt.Errorf("report: write docx: %w", err)
	}
	return addEvenFooter(w, buf.Bytes(), even)
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
	switch {
	case s.Centred:
		p.Justification(stypes.JustificationCenter)
	case s.Right:
		p.Justification(stypes.JustificationRight)
		right := s.RightChars * s.SizePt * 20
		p.Indent(&ctypes.Indent{Right: &right})
	default:
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
// one line, its short cells and dates on one line, and each of its other cells in L lines
// (or in its Table.MaxLines when fewer), and shares what is left over among the columns that wrap, in proportion to their width.
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
		if most, ok := t.MaxLines[c]; ok && most > 0 {
			lines = min(lines, most)
		}
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
	// The spare room goes to the columns whose lines it saves: not to those MaxLines caps,
	// unless no other column wraps.
	wraps := func(c int) bool { return len(long[c]) > 0 }
	uncapped := func(c int) bool { _, capped := t.MaxLines[c]; return wraps(c) && !capped }
	grows := wraps
	for c := range cols {
		if uncapped(c) {
			grows = uncapped
			break
		}
	}
	spare, wrapping := total-sumNeed(lo), 0.0
	for c := range cols {
		out[c] = need(c, lo)
		if grows(c) {
			wrapping += out[c]
		}
	}
	for c := range cols {
		switch {
		case wrapping > 0 && grows(c):
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
	if pw > ph { // Word's printing and page setup go by orient, not by the sizes
		sect.PageSize.Orient = stypes.PageOrientLandscape
	}
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
