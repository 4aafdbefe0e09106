package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// maxSheetName is Excel's limit on a sheet name, in characters.
const maxSheetName = 31

// smallInt is a cell that Excel should hold as a number (a count or a serial number), not a
// code like a phone number or a date, which stay text.
var smallInt = regexp.MustCompile(`^(0|[1-9][0-9]{0,8})$`)

// WriteXLSX renders the document's tables as a workbook, one sheet per table in order. Each
// sheet's first row is the document's title (merged across the table), then the table's header
// row (bold, frozen, filtered, printed on every page) and its rows, dates (Table.DateCols) as
// dates. A sheet is named after the document's Name (else its title) when there is one table,
// otherwise after the heading nearest above its table. A document without tables gives a
// single sheet holding the title. A sheet prints one page wide, landscape when it has more
// than five columns, its rows as tall as their wrapped text.
func WriteXLSX(w io.Writer, d Document) error {
	type sheet struct {
		name  string
		table *Table
	}
	var sheets []sheet
	heading := ""
	for _, b := range d.Blocks {
		switch b.Kind {
		case KindHeading1, KindHeading2:
			heading = b.Text
		case KindTable:
			if b.Table != nil {
				sheets = append(sheets, sheet{name: heading, table: b.Table})
			}
		}
	}
	switch len(sheets) {
	case 0:
		sheets = []sheet{{name: d.Title, table: &Table{}}}
	case 1:
		sheets[0].name = cmp.Or(d.Name, d.Title)
	}
	used := map[string]bool{}
	for i := range sheets {
		sheets[i].name = uniqueSheetName(sheetName(sheets[i].name, i+1), used)
	}

	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return fmt.Errorf("report: sheet %q: %w", s.name, err)
		}
		if err := writeSheet(f, s.name, d.Title, s.table, st); err != nil {
			return fmt.Errorf("report: sheet %q: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("report: write xlsx: %w", err)
	}
	return nil
}

type xlsxStyles struct{ title, header, cell, number, date int }

// dateFormat is how a date cell shows, as orglife.Date.Chinese writes it, whatever the
// spreadsheet's locale.
const dateFormat = `yyyy"年"m"月"d"日"`

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	defs := []*excelize.Style{
		{Font: font(16, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(11, true), Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(11, false), Border: border,
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}},
		{Font: font(11, false), Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: font(11, false), Border: border, CustomNumFmt: ptr(dateFormat),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
	}
	ids := make([]int, len(defs))
	for i, s := range defs {
		id, err := f.NewStyle(s)
		if err != nil {
			return xlsxStyles{}, fmt.Errorf("report: xlsx style: %w", err)
		}
		ids[i] = id
	}
	return xlsxStyles{title: ids[0], header: ids[1], cell: ids[2], number: ids[3], date: ids[4]}, nil
}

func ptr[T any](v T) *T { return &v }

// The print layout of a sheet, in Excel's units: a column width unit is the width of a digit
// of the default font (Calibri 11, 7 px), a CJK character of 宋体 11pt about 2.1 of them.
const (
	xlsxEm          = 2.1  // column units per em of 11 pt text
	xlsxPad         = 1.5  // column units of a cell's margins
	xlsxLineHeight  = 16.0 // points per line of 11 pt text, with Noto CJK's leading as the tallest
	xlsxRowPad      = 4.0  // points above and below a cell's lines
	xlsxMaxRow      = 409  // Excel's tallest row, in points
	xlsxLandscapeW  = 140  // column units printable across A4 landscape at 100%, margins 0.5 in
	xlsxPortraitW   = 95   // and across A4 portrait
	xlsxMarginIn    = 0.5
	xlsxLandscapeAt = 5 // more columns than this print landscape
)

func writeSheet(f *excelize.File, name, title string, t *Table, st xlsxStyles) error {
	cols := len(t.Header)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	cols = max(cols, 1)
	last, err := excelize.ColumnNumberToName(cols)
	if err != nil {
		return err
	}

	row := 1
	if title != "" {
		if err := f.SetCellStr(name, "A1", title); err != nil {
			return err
		}
		if cols > 1 {
			if err := f.MergeCell(name, "A1", last+"1"); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(name, "A1", last+"1", st.title); err != nil {
			return err
		}
		if err := f.SetRowHeight(name, 1, 30); err != nil {
			return err
		}
		row++
	}

	landscape := cols > xlsxLandscapeAt
	budget := float64(xlsxPortraitW)
	if landscape {
		budget = xlsxLandscapeW
	}
	// The columns are sized as the .docx's are (fitColumns), in ems of the cell text; the
	// rows then get the height of their tallest cell's wrapped lines, which Excel does not
	// work out when it opens a file, so that wrapped text does not overlap in print.
	ems := fitColumns(t, cols, budget/xlsxEm-xlsxPad*float64(cols)/xlsxEm)
	dates := map[int]bool{}
	for _, c := range t.DateCols {
		dates[c] = true
	}
	put := func(cells []string, header bool) error {
		lines := 1
		for c := range cols {
			text := ""
			if c < len(cells) {
				text = cells[c]
			}
			ref, err := excelize.CoordinatesToCellName(c+1, row)
			if err != nil {
				return err
			}
			style := st.cell
			switch {
			case header:
				style = st.header
				err = f.SetCellStr(name, ref, text)
			case dates[c] && isChineseDate(text):
				style = st.date
				day, _ := time.Parse(chineseDateLayout, text)
				err = f.SetCellValue(name, ref, day)
			case smallIntCell(text):
				style = st.number
				n, _ := strconv.Atoi(text)
				err = f.SetCellInt(name, ref, int64(n))
			default:
				err = f.SetCellStr(name, ref, text)
			}
			if err != nil {
				return err
			}
			if err := f.SetCellStyle(name, ref, ref, style); err != nil {
				return err
			}
			lines = max(lines, wrappedLines(text, ems[c]))
		}
		if lines > 1 {
			h := min(float64(lines)*xlsxLineHeight+xlsxRowPad, xlsxMaxRow)
			if err := f.SetRowHeight(name, row, h); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	headerRow := row
	if len(t.Header) > 0 {
		if err := put(t.Header, true); err != nil {
			return err
		}
		if err := f.SetPanes(name, &excelize.Panes{
			Freeze: true, YSplit: row - 1, TopLeftCell: "A" + strconv.Itoa(row), ActivePane: "bottomLeft",
		}); err != nil {
			return err
		}
	}
	for _, r := range t.Rows {
		if err := put(r, false); err != nil {
			return err
		}
	}

	for c, em := range ems {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(name, col, col, math.Round((em*xlsxEm+xlsxPad)*10)/10); err != nil {
			return err
		}
	}
	if len(t.Header) > 0 {
		hr := strconv.Itoa(headerRow)
		// The filter covers the header and the rows; the header prints atop every page.
		if err := f.AutoFilter(name, "A"+hr+":"+last+strconv.Itoa(max(row-1, headerRow)), nil); err != nil {
			return err
		}
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(name) + "!$" + hr + ":$" + hr, Scope: name,
		}); err != nil {
			return err
		}
	}
	return printSetup(f, name, landscape)
}

// printSetup sets a sheet to print on A4, one page wide and as many tall as it takes, centred
// between half-inch margins, with the page number in the footer. fitToWidth alone is ignored
// by Excel and LibreOffice unless the sheet's fitToPage is on.
func printSetup(f *excelize.File, name string, landscape bool) error {
	size, orient, wide, tall := 9, "portrait", 1, 0 // 9 is A4; 0 pages tall is "automatic"
	if landscape {
		orient = "landscape"
	}
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	m := xlsxMarginIn
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Left: &m, Right: &m, Top: &m, Bottom: &m, Horizontally: ptr(true),
	}); err != nil {
		return err
	}
	return f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"})
}

// wrappedLines estimates how many lines text wraps to in a column em ems wide: a line that
// fits is one line, a longer one loses up to an em a line to where it may break (as
// fitColumns allows for).
func wrappedLines(text string, em float64) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		if te := textEms(line); te <= em {
			n++
		} else {
			n += int(math.Ceil(te / max(em-1, 1)))
		}
	}
	return n
}

// quoteSheet is a sheet name as a formula refers to it: in apostrophes, its own doubled.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// smallIntCell reports whether a cell's text is a small whole number.
func smallIntCell(text string) bool { return smallInt.MatchString(text) }

// displayWidth is a string's width in Excel column units: two for a wide (CJK) character.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana) ||
			(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// sheetName makes a valid Excel sheet name of s: no []:*?/\, no leading or trailing
// apostrophe, at most 31 characters, not Excel's reserved "History"; "表n" when nothing is
// left.
func sheetName(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			return ' '
		}
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Trim(strings.Join(strings.Fields(s), " "), "'")
	s = strings.TrimSpace(s)
	if s == "" {
		s = "表" + strconv.Itoa(n)
	}
	if utf8.RuneCountInString(s) > maxSheetName {
		s = strings.TrimRight(string([]rune(s)[:maxSheetName]), " '")
	}
	if strings.EqualFold(s, "History") { // reserved by Excel
		s += " 表"
	}
	return s
}

// uniqueSheetName returns s, or s with a number appended, such that no name in used matches it
// (Excel compares names case-insensitively), and records it.
func uniqueSheetName(s string, used map[string]bool) string {
	name := s
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := "(" + strconv.Itoa(i) + ")"
		r := []rune(s)
		if len(r)+utf8.RuneCountInString(suffix) > maxSheetName {
			r = r[:maxSheetName-utf8.RuneCountInString(suffix)]
		}
		name = string(r) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}
