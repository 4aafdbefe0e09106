package report

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"orglife"
)

// TestListsDOCXPrint checks what makes the lists print: a landscape A4 page, the header row
// repeated, left-aligned 12 pt cells on single spacing off the line grid, columns sized to
// their content and the title on one line.
func TestListsDOCXPrint(t *testing.T) {
	d := fullData()
	for _, doc := range []Document{BranchProblemList(d), MemberProblemList(d), Ledger(d, d.Meeting.Date.AddDays(40))} {
		t.Run(doc.Name, func(t *testing.T) {
			pkg := openDOCX(t, renderDOCX(t, doc))
			pg := pkg.body.child("sectPr").child("pgSz")
			if pg.attr("orient") != "landscape" || pg.attr("w") != "16838" || pg.attr("h") != "11906" {
				t.Errorf("page %v, want A4 landscape", pg.Attrs)
			}
			title := pkg.body.child("p")
			if title.text() != doc.Title || title.child("r").child("rPr").child("sz").attr("val") != "44" {
				t.Errorf("title %q is not 22 pt", title.text())
			}
			tbl := pkg.body.child("tbl")
			rows := tbl.children("tr")
			if rows[0].child("trPr").child("tblHeader") == nil {
				t.Error("the header row does not repeat")
			}
			for i, tr := range rows[1:] {
				for j, tc := range tr.children("tc") {
					p := tc.child("p")
					pPr := p.child("pPr")
					if jc := pPr.child("jc").attr("val"); jc != "left" {
						t.Errorf("row %d cell %d: jc=%s, want left", i+1, j, jc)
					}
					if g := pPr.child("snapToGrid"); g == nil || g.attr("val") != "false" {
						t.Errorf("row %d cell %d snaps to the line grid", i+1, j)
					}
					if rule := pPr.child("spacing").attr("lineRule"); rule != "" && rule != "auto" {
						t.Errorf("row %d cell %d: line rule %s, want single spacing", i+1, j, rule)
					}
					if r := p.child("r"); r != nil && r.child("rPr").child("sz").attr("val") != "24" {
						t.Errorf("row %d cell %d is not 12 pt", i+1, j)
					}
				}
			}
			var grid []int
			for _, c := range tbl.child("tblGrid").children("gridCol") {
				w, _ := strconv.Atoi(c.attr("w"))
				grid = append(grid, w)
			}
			// 序号 is the narrowest column; the longest text of each list the widest: the
			// measures (整改措施) of the ledger, the problems (问题表现, 具体表现) of the others.
			measures := 2
			if doc.Name == "党员个人问题清单" {
				measures = 3 // 问题表现
			}
			for c, w := range grid {
				if c > 0 && w <= grid[0] {
					t.Errorf("column %d (%d) is not wider than 序号 (%d): %v", c, w, grid[0], grid)
				}
				if c != measures && w >= grid[measures] {
					t.Errorf("column %d (%d) is as wide as column %d: %v", c, w, measures, grid)
				}
			}
		})
	}
}

func TestFitColumns(t *testing.T) {
	tb := &Table{
		Header:   []string{"序号", "问题", "完成时限"},
		Rows:     [][]string{{"1", strings.Repeat("问题", 40), "2023年12月31日"}, {"2", "短", "【待补充：完成时限】"}},
		DateCols: []int{2},
	}
	w := fitColumns(tb, 3, 40)
	if sum := w[0] + w[1] + w[2]; sum < 39.99 || sum > 40.01 {
		t.Errorf("widths %v add up to %v, want 40", w, sum)
	}
	if date := textEms("2023年12月31日"); w[2] < date {
		t.Errorf("the date column (%v em) breaks a date of %v em", w[2], date)
	}
	if w[0] >= w[2] || w[2] >= w[1] {
		t.Errorf("widths %v: want 序号 < 完成时限 < 问题", w)
	}
	// Too narrow for the one-line cells: shared in proportion, still adding up.
	w = fitColumns(tb, 3, 6)
	if sum := w[0] + w[1] + w[2]; sum < 5.99 || sum > 6.01 {
		t.Errorf("narrow widths %v add up to %v, want 6", w, sum)
	}
	// No rows: the headers' widths, widened to the total.
	w = fitColumns(&Table{Header: []string{"a", "bb"}}, 2, 10)
	if w[0]+w[1] < 9.99 || w[0]+w[1] > 10.01 {
		t.Errorf("header-only widths %v", w)
	}
}

// TestFitColumnsMaxLines: a column capped at two lines is wide enough for its cells in two,
// however tall the row's other cells, and the spare room goes to the others.
func TestFitColumnsMaxLines(t *testing.T) {
	headline := strings.Repeat("问", 20)
	tb := &Table{
		Header: []string{"序号", "问题概括", "具体表现"},
		Rows:   [][]string{{"1", headline, strings.Repeat("表现", 200)}},
	}
	free := fitColumns(tb, 3, 60)
	tb.MaxLines = map[int]int{1: 2}
	capped := fitColumns(tb, 3, 60)
	if capped[1] < textEms(headline)/2 || capped[1] > textEms(headline)/2+1.01 {
		t.Errorf("the capped column is %.1f em for a %.0f em headline in two lines (uncapped %.1f)", capped[1], textEms(headline), free[1])
	}
	if free[1] >= capped[1] {
		t.Errorf("uncapped the headline column is %.1f em, capped %.1f: the cap does not widen it", free[1], capped[1])
	}
	if sum := capped[0] + capped[1] + capped[2]; sum < 59.99 || sum > 60.01 {
		t.Errorf("widths %v add up to %v", capped, sum)
	}
}

func TestTitleOneLine(t *testing.T) {
	long := strings.Repeat("长", 40)
	if s := titleStyle(long, GBT9704Landscape); s.SizePt >= 22 || s.SizePt < GBT9704Landscape.MinTitlePt {
		t.Errorf("a 40-character title is %d pt, want it shrunk, not below %d", s.SizePt, GBT9704Landscape.MinTitlePt)
	} else if widthPt := (297.0 - 40) / 25.4 * 72; float64(40*s.SizePt) > widthPt && s.SizePt > GBT9704Landscape.MinTitlePt {
		t.Errorf("%d pt × 40 does not fit %v pt", s.SizePt, widthPt)
	}
	if s := titleStyle("短标题", GBT9704Landscape); s.SizePt != 22 {
		t.Errorf("a short title is %d pt", s.SizePt)
	}
	if s := titleStyle(long, GBT9704); s.SizePt != 22 {
		t.Errorf("the report's title shrinks: %d pt", s.SizePt)
	}
}

// TestListsXLSXPrint reads the workbooks back: sheets named after the lists, one page wide
// (fitToPage on, which fitToWidth needs), the header row as print titles and filtered, dates
// as dates, wrapped rows taller than Excel's default.
func TestListsXLSXPrint(t *testing.T) {
	d := fullData()
	d.Items = append(d.Items, orglife.RectItem{ID: "r4", Number: 4, Measure: "待定", Status: orglife.RectNotStarted})
	for _, doc := range []Document{BranchProblemList(d), MemberProblemList(d), Ledger(d, d.Meeting.Date.AddDays(40))} {
		t.Run(doc.Name, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(renderXLSX(t, doc)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !slices.Equal(got, []string{doc.Name}) {
				t.Fatalf("sheets %q, want [%s]", got, doc.Name)
			}
			sheet := doc.Name
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			props, err := f.GetSheetProps(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if deref(props.FitToPage) != true || deref(pl.FitToWidth) != 1 || deref(pl.FitToHeight) != 0 ||
				deref(pl.Orientation) != "landscape" {
				t.Errorf("print: fitToPage=%v wide=%d tall=%d %s, want one page wide, landscape", deref(props.FitToPage),
					deref(pl.FitToWidth), deref(pl.FitToHeight), deref(pl.Orientation))
			}
			names := map[string]string{}
			for _, dn := range f.GetDefinedName() {
				if dn.Scope == sheet {
					names[dn.Name] = dn.RefersTo
				}
			}
			if got := names["_xlnm.Print_Titles"]; got != "'"+sheet+"'!$2:$2" {
				t.Errorf("print titles %q, want the header row", got)
			}
			if got := names["_xlnm._FilterDatabase"]; !strings.HasPrefix(got, "'"+sheet+"'!$A$2:") {
				t.Errorf("autofilter %q, want from the header row", got)
			}
			if h, err := f.GetRowHeight(sheet, 3); err != nil || h <= 15 {
				t.Errorf("row 3 (wrapped text) is %v pt high (%v)", h, err)
			}
			if doc.Name != "整改台账" {
				return
			}
			for _, ref := range []string{"E3", "E4", "E5"} { // 完成时限
				raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := strconv.ParseFloat(raw, 64); err != nil {
					t.Errorf("%s = %q, want a date serial", ref, raw)
				}
				id, _ := f.GetCellStyle(sheet, ref)
				st, err := f.GetStyle(id)
				if err != nil || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "yyyy") {
					t.Errorf("%s has no date format: %+v %v", ref, st, err)
				}
			}
			if got, _ := f.GetCellValue(sheet, "E3"); got != "2023年12月31日" {
				t.Errorf("E3 shows %q", got)
			}
			if typ, _ := f.GetCellType(sheet, "E6"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("the 待补充 mark in a date column is not text: %v", typ)
			}
		})
	}
}
