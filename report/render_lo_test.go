package report

import (
	"bytes"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// The documents as a secretary prints them: each is turned into PDF by LibreOffice headless
// (scripts/ensure-libreoffice.sh installs it) and the pages are read back with pdftotext
// -bbox. A PNG of each first page goes to artifacts/documents/ at the repository root.

// pdfWord is one word pdftotext placed on a page, in points from the top left.
type pdfWord struct {
	XMin, YMin, XMax, YMax float64
	Text                   string
}

// pdfPage is a page's size and words.
type pdfPage struct {
	Width, Height float64
	Words         []pdfWord
}

// renderPDF converts a document of kind ext ("docx", "xlsx") to PDF with LibreOffice and
// returns its pages; a PNG of the first page goes to artifacts/documents/<name>.png.
func renderPDF(t *testing.T, name, ext string, doc []byte) []pdfPage {
	t.Helper()
	pages, _ := renderPDFAs(t, name, ext, doc, "pdf")
	return pages
}

// pdfWithNotes is LibreOffice's PDF export with the document's comments as PDF annotations.
const pdfWithNotes = `pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}`

// renderPDFAs is renderPDF with LibreOffice's filter for the conversion (pdfWithNotes keeps
// the comments); it returns the PDF too.
func renderPDFAs(t *testing.T, name, ext string, doc []byte, filter string) ([]pdfPage, []byte) {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, name+"."+ext)
	if err := os.WriteFile(src, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	// A profile of its own, so that conversions can run at once.
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "profile")
	out, err := exec.Command("soffice", profile, "--headless", "--convert-to", filter, "--outdir", dir, src).CombinedOutput()
	pdf := filepath.Join(dir, name+".pdf")
	if _, statErr := os.Stat(pdf); err != nil || statErr != nil {
		t.Fatalf("soffice %s: %v %v\n%s", name, err, statErr, out)
	}
	shots := filepath.Join("..", "artifacts", "documents")
	if err := os.MkdirAll(shots, 0o755); err == nil {
		if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, filepath.Join(shots, name)).CombinedOutput(); err != nil {
			t.Logf("no PNG of %s: %v %s", name, err, out)
		}
	}
	bbox, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", name, err)
	}
	raw, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return parseBBox(t, bbox), raw
}

// pdfNoteContents are the texts of a PDF's annotations as LibreOffice writes them: each a
// /Contents <FEFF…> string in UTF-16BE hex, in the order of the file.
func pdfNoteContents(t *testing.T, pdf []byte) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`/Contents\s*<FEFF([0-9A-Fa-f]*)>`).FindAllSubmatch(pdf, -1) {
		b, err := hex.DecodeString(string(m[1]))
		if err != nil || len(b)%2 != 0 {
			t.Fatalf("annotation contents %q: %v", m[1], err)
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		out = append(out, string(utf16.Decode(u)))
	}
	return out
}

// parseBBox reads pdftotext -bbox's XHTML.
func parseBBox(t *testing.T, raw []byte) []pdfPage {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var pages []pdfPage
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) float64 {
			for _, a := range start.Attr {
				if a.Name.Local == name {
					var f float64
					fmt.Sscan(a.Value, &f)
					return f
				}
			}
			return 0
		}
		switch start.Name.Local {
		case "page":
			pages = append(pages, pdfPage{Width: attr("width"), Height: attr("height")})
		case "word":
			var text string
			if err := dec.DecodeElement(&text, &start); err != nil {
				t.Fatalf("pdftotext -bbox: %v", err)
			}
			if len(pages) == 0 {
				t.Fatal("pdftotext -bbox: a word outside a page")
			}
			p := &pages[len(pages)-1]
			p.Words = append(p.Words, pdfWord{attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"), text})
		}
	}
	if len(pages) == 0 {
		t.Fatal("pdftotext -bbox: no pages")
	}
	return pages
}

// pdfLine is the words of a page at one height.
type pdfLine struct {
	Y, XMin, XMax float64
	Text          string
}

// lines groups a page's words into lines by their baseline, top to bottom.
func (p pdfPage) lines() []pdfLine {
	words := append([]pdfWord(nil), p.Words...)
	sort.Slice(words, func(i, j int) bool {
		if math.Abs(words[i].YMax-words[j].YMax) > 2 {
			return words[i].YMax < words[j].YMax
		}
		return words[i].XMin < words[j].XMin
	})
	var out []pdfLine
	for _, w := range words {
		if n := len(out); n > 0 && math.Abs(out[n-1].Y-w.YMax) <= 2 {
			out[n-1].Text += w.Text
			out[n-1].XMax = max(out[n-1].XMax, w.XMax)
			continue
		}
		out = append(out, pdfLine{Y: w.YMax, XMin: w.XMin, XMax: w.XMax, Text: w.Text})
	}
	return out
}

// ptOfMM is a length in millimetres, in points.
func ptOfMM(x float64) float64 { return x / 25.4 * 72 }

// bodyLines are the lines of a page inside the type area of l (the footer's page number
// left out).
func bodyLines(p pdfPage, l Layout) []pdfLine {
	var out []pdfLine
	for _, line := range p.lines() {
		if line.Y > ptOfMM(l.TopMM)-2 && line.Y < p.Height-ptOfMM(l.BottomMM)+2 {
			out = append(out, line)
		}
	}
	return out
}

// longReport is the compiled report of a branch whose members wrote enough for several full
// pages of body text.
func longReport(t *testing.T) Document {
	t.Helper()
	doc, err := Compile(bigData(40), defaultTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestReportPrintsToGBT9704: a full body page holds 22 lines of 28 characters; page numbers
// stand right on odd pages and left on even ones.
func TestReportPrintsToGBT9704(t *testing.T) {
	t.Parallel()
	pages := renderPDF(t, "report", "docx", renderDOCX(t, longReport(t)))
	if len(pages) < 3 {
		t.Fatalf("the long report has %d pages, want at least 3", len(pages))
	}
	l := GBT9704
	full := 0
	for i, p := range pages[1 : len(pages)-1] { // the first has the title, the last may be short
		lines := bodyLines(p, l)
		switch {
		case len(lines) > 22:
			t.Errorf("page %d: %d lines in the type area, more than 22", i+2, len(lines))
		case len(lines) == 22:
			full++
			// Characters are counted on lines of full-width ones only: a half-width digit
			// takes half a character's room.
			widest := 0
			for _, line := range lines {
				if fullWidthOnly(line.Text) {
					widest = max(widest, utf8.RuneCountInString(line.Text))
				}
			}
			if widest != 28 {
				t.Errorf("page %d: the widest line of full-width characters has %d, want 28", i+2, widest)
			}
		}
	}
	// A page may end a line early to keep a heading with its text; most are full.
	if middle := len(pages) - 2; full*2 < middle {
		t.Errorf("%d of %d body pages hold 22 lines, want most", full, middle)
	}
	for i, p := range pages[:2] {
		num := pageNumber(p, l)
		if num == nil {
			t.Fatalf("page %d has no page number in its footer", i+1)
		}
		centre := (num.XMin + num.XMax) / 2
		odd := i%2 == 0
		if odd && centre < p.Width/2 || !odd && centre > p.Width/2 {
			t.Errorf("page %d: the page number %q stands at x=%.0f of %.0f, want the %s side", i+1, num.Text, centre, p.Width, map[bool]string{true: "right", false: "left"}[odd])
		}
		if !strings.HasPrefix(num.Text, "—") {
			t.Errorf("page %d: page number %q, want 「— N —」", i+1, num.Text)
		}
	}
}

// pageNumber is the footer line of a page, below the type area.
func pageNumber(p pdfPage, l Layout) *pdfLine {
	for _, line := range p.lines() {
		if line.Y > p.Height-ptOfMM(l.BottomMM)+2 {
			return &line
		}
	}
	return nil
}

// TestListsPrint: the ledger's 3 items fit on one page, the members' problem list's 10
// points on at most 3, the committee's 4 problems (the seed's, each 具体表现 of 100–190
// characters) on at most 2, and the sheets print without text over text.
func TestListsPrint(t *testing.T) {
	t.Parallel()
	d := fullData()
	if n := len(d.Points); n < 10 {
		t.Fatalf("the fixture has %d points, want 10 or more", n)
	}
	d.Points = d.Points[:10]
	problems := MemberProblemList(d)
	branch := BranchProblemList(d)
	if n := len(d.BranchProblems); n < 4 {
		t.Fatalf("the fixture has %d branch problems, want 4 or more", n)
	}
	ledger := Ledger(d, day(2024, 1, 1))
	if n := len(d.Items); n != 3 {
		t.Fatalf("the fixture has %d rectification items, want 3", n)
	}
	cases := []struct {
		name, ext string
		doc       []byte
		maxPages  int
	}{
		{"branch-problems", "docx", renderDOCX(t, branch), 2},
		{"problems", "docx", renderDOCX(t, problems), 3},
		{"branch-problems-sheet", "xlsx", renderXLSX(t, branch), 0},
		{"ledger", "docx", renderDOCX(t, ledger), 1},
		{"problems-sheet", "xlsx", renderXLSX(t, problems), 0},
		{"ledger-sheet", "xlsx", renderXLSX(t, ledger), 0},
	}
	for _, c := range cases {
		pages := renderPDF(t, c.name, c.ext, c.doc)
		if c.maxPages > 0 && len(pages) > c.maxPages {
			t.Errorf("%s: %d pages, want at most %d", c.name, len(pages), c.maxPages)
		}
		if c.ext == "xlsx" {
			for i, p := range pages {
				if a, b, ok := overlapping(p); ok {
					t.Errorf("%s page %d: %q and %q print over each other", c.name, i+1, a.Text, b.Text)
				}
			}
		}
	}
}

// overlapping finds two words of a page whose boxes overlap by more than a sliver.
func overlapping(p pdfPage) (pdfWord, pdfWord, bool) {
	for i, a := range p.Words {
		for _, b := range p.Words[i+1:] {
			w := min(a.XMax, b.XMax) - max(a.XMin, b.XMin)
			h := min(a.YMax, b.YMax) - max(a.YMin, b.YMin)
			if w > 1 && h > 1 {
				return a, b, true
			}
		}
	}
	return pdfWord{}, pdfWord{}, false
}

// TestMaterialPrints: the material of each golden case (full records, none, a previous
// meeting) converts with its comments: its title on page 1, the four sections in order on
// its pages, body lines of at most 28 characters, and each source comment of the .docx a
// note of the PDF with the same text.
func TestMaterialPrints(t *testing.T) {
	t.Parallel()
	for _, tc := range materialCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Material(tc.data, tc.member)
			if err != nil {
				t.Fatal(err)
			}
			docx := renderDOCX(t, doc)
			var want []string
			for _, c := range openDOCX(t, docx).comments(t) {
				want = append(want, c.text)
			}
			pages, pdf := renderPDFAs(t, "material-"+tc.name, "docx", docx, pdfWithNotes)
			var first, all strings.Builder
			for i, p := range pages {
				for _, line := range p.lines() {
					if i == 0 {
						first.WriteString(line.Text)
					}
					all.WriteString(line.Text + "\n")
				}
				for _, line := range bodyLines(p, GBT9704) {
					if fullWidthOnly(line.Text) && utf8.RuneCountInString(line.Text) > 28 {
						t.Errorf("page %d: a line of %d characters: %s", i+1, utf8.RuneCountInString(line.Text), line.Text)
					}
				}
			}
			if !strings.Contains(first.String(), "个人对照检查材料") {
				t.Errorf("page 1 of the material lacks its title:\n%s", first.String())
			}
			text := strings.ReplaceAll(all.String(), "\n", "")
			at := 0
			for _, h := range []string{"一、上次查摆问题整改落实情况", "二、存在的问题", "三、原因剖析", "四、整改措施"} {
				i := strings.Index(text[at:], h)
				if i < 0 {
					t.Fatalf("the printed material lacks %q (or has it out of order)", h)
				}
				at += i + len(h)
			}
			got := pdfNoteContents(t, pdf)
			slices.Sort(got)
			slices.Sort(want)
			if len(want) == 0 && tc.name != "none" {
				t.Fatal("no comments in the .docx")
			}
			if !slices.Equal(got, want) {
				t.Errorf("the PDF's notes\n%q\nwant the .docx's comments\n%q", got, want)
			}
		})
	}
}

// fullWidthOnly reports whether a line has no half-width (ASCII) character.
func fullWidthOnly(s string) bool {
	for _, r := range s {
		if r < 0x80 {
			return false
		}
	}
	return true
}
