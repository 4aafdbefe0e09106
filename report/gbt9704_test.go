package report

import (
	"bytes"
	"math"
	"path"
	"strings"
	"testing"
)

// TestGBT9704Arithmetic checks that GBT9704's numbers give 28 characters × 22 lines: 28
// body characters (16pt plus the spacing) fit the text's width and 29 do not, 22 line pitches
// fit the text's height and 23 do not.
func TestGBT9704Arithmetic(t *testing.T) {
	l := GBT9704
	width := float64(twips(l.PageWidthMM-l.LeftMM-l.RightMM)) / 20 // pt
	height := float64(twips(l.PageHeightMM-l.TopMM-l.BottomMM)) / 20
	for _, s := range []TextStyle{l.Body, l.Heading1, l.Heading2} {
		adv := float64(s.SizePt) + math.Round(s.SpacingPt*20)/20
		if n := int(width / adv); n != 28 {
			t.Errorf("%s %dpt with spacing %gpt: %d characters a line in %.1fpt, want 28", s.Font, s.SizePt, s.SpacingPt, n, width)
		}
	}
	pitch := math.Round(l.LinePitchPt*20) / 20
	if n := int(height / pitch); n != 22 {
		t.Errorf("%d lines of %gpt in %.1fpt, want 22", n, pitch, height)
	}
	// The page number's line fits between the text and the footer's distance from the edge.
	if gap := (l.BottomMM - l.FooterMM) / 25.4 * 72; l.FooterLinePt > gap {
		t.Errorf("the page number's line is %gpt, the room under the text %.1fpt", l.FooterLinePt, gap)
	}
}

// TestRenderDOCXGBT9704 checks the compiled report's parts for what GB/T 9704 and the two
// word processors need: the lines grid and the body's spacing, even and odd footers, headings
// kept with the next paragraph, and package properties of the branch in zh-CN.
func TestRenderDOCXGBT9704(t *testing.T) {
	d := fullData()
	doc, err := Compile(d, defaultTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	pkg := openDOCX(t, renderDOCX(t, doc))
	sect := pkg.body.child("sectPr")

	// A lines grid: LibreOffice lays a linesAndChars grid with a negative charSpace out at
	// 14–15 characters a line.
	grid := sect.child("docGrid")
	if grid.attr("type") != "lines" || grid.attr("linePitch") != "579" || grid.attr("charSpace") != "" {
		t.Errorf("docGrid type=%q linePitch=%q charSpace=%q, want lines, 579, none",
			grid.attr("type"), grid.attr("linePitch"), grid.attr("charSpace"))
	}

	headings, bodies := 0, 0
	for i, p := range pkg.body.children("p") {
		pPr, r := p.child("pPr"), p.child("r")
		size := r.child("rPr").child("sz").attr("val")
		spacing := r.child("rPr").child("spacing").attr("val")
		keep := pPr.child("keepNext") != nil && pPr.child("keepNext").attr("val") != "false"
		switch {
		case i == 0: // the title
			if size != "44" || spacing != "" || !keep {
				t.Errorf("title: size %s spacing %q keepNext %v", size, spacing, keep)
			}
			if pPr.child("snapToGrid").attr("val") != "false" {
				t.Error("title snaps to the grid: LibreOffice gives each of its lines two")
			}
		case pPr.child("outlineLvl") != nil:
			headings++
			if !keep {
				t.Errorf("heading %q is not kept with the next paragraph", p.text())
			}
			if spacing != "-5" {
				t.Errorf("heading %q: character spacing %q, want -5", p.text(), spacing)
			}
		default:
			bodies++
			if keep {
				t.Errorf("body paragraph %q is kept with the next", p.text())
			}
			if size != "32" || spacing != "-5" {
				t.Errorf("body paragraph %q: size %s, character spacing %q, want 32, -5", p.text(), size, spacing)
			}
		}
		if w := pPr.child("widowControl"); w == nil || w.attr("val") != "false" {
			t.Errorf("paragraph %q: widow control is on; a page would lose its 22nd line", p.text())
		}
	}
	if headings != len(wantHeadings) || bodies == 0 {
		t.Errorf("%d headings, %d body paragraphs; want %d headings", headings, bodies, len(wantHeadings))
	}

	// Odd pages' numbers right and even pages' left, one 14pt character in, no spacing.
	refs := map[string]string{}
	for _, ref := range sect.children("footerReference") {
		refs[ref.attr("type")] = pkg.rels[ref.attr("id")]
	}
	for kind, want := range map[string]struct{ jc, side string }{"default": {"right", "right"}, "even": {"left", "left"}} {
		data := pkg.files[path.Join("word", refs[kind])]
		if data == nil {
			t.Errorf("no %s footer (references %v)", kind, refs)
			continue
		}
		ftr := parseXML(t, data)
		pPr := ftr.child("p").child("pPr")
		if got := pPr.child("jc").attr("val"); got != want.jc {
			t.Errorf("%s footer jc = %q, want %q", kind, got, want.jc)
		}
		if got := pPr.child("ind").attr(want.side); got != "280" {
			t.Errorf("%s footer %s indent = %q, want 280", kind, want.side, got)
		}
		sp := pPr.child("spacing")
		if sp.attr("before") != "0" || sp.attr("after") != "0" || sp.attr("lineRule") != "exact" {
			t.Errorf("%s footer spacing before=%q after=%q lineRule=%q, want 0, 0, exact",
				kind, sp.attr("before"), sp.attr("after"), sp.attr("lineRule"))
		}
		if got := ftr.text(); got != "— 1 —" {
			t.Errorf("%s footer text = %q", kind, got)
		}
		if !bytes.Contains(data, []byte(`w:instr=" PAGE "`)) {
			t.Errorf("%s footer has no PAGE field", kind)
		}
		for _, r := range ftr.child("p").children("r") {
			if rPr := r.child("rPr"); rPr.child("rFonts").attr("ascii") != "宋体" || rPr.child("sz").attr("val") != "28" {
				t.Errorf("%s footer run is not 宋体 14pt", kind)
			}
		}
	}
	settings := parseXML(t, pkg.files["word/settings.xml"])
	if settings.child("evenAndOddHeaders") == nil {
		t.Error("settings.xml lacks w:evenAndOddHeaders: the even footer would not show")
	}
	if got := settings.child("themeFontLang").attr("eastAsia"); got != "zh-CN" {
		t.Errorf("themeFontLang eastAsia = %q", got)
	}
	lang := parseXML(t, pkg.files["word/styles.xml"]).child("docDefaults").child("rPrDefault").child("rPr").child("lang")
	if got := lang.attr("eastAsia"); got != "zh-CN" {
		t.Errorf("default East-Asian language = %q, want zh-CN", got)
	}

	// The package: the branch's, in zh-CN, nothing of the template's.
	for name, data := range pkg.files {
		if bytes.Contains(data, []byte("ja-JP")) {
			t.Errorf("%s names ja-JP", name)
		}
		if leftover(name) {
			t.Errorf("%s is the template's leftover", name)
		}
	}
	app := string(pkg.files["docProps/app.xml"])
	if app == "" || strings.Contains(app, "Microsoft Macintosh Word") || strings.Contains(app, "<Pages>") || strings.Contains(app, "Normal.dotm") {
		t.Errorf("docProps/app.xml = %s", app)
	}
	if bytes.Contains(pkg.files["word/fontTable.xml"], []byte("ＭＳ")) {
		t.Error("fontTable.xml lists the template's Japanese fonts")
	}
	core := parseXML(t, pkg.files["docProps/core.xml"])
	if got := core.child("creator").Text; got != "城东社区党支部" {
		t.Errorf("core creator = %q, want the branch", got)
	}
	if got := core.child("language").Text; got != "zh-CN" {
		t.Errorf("core language = %q", got)
	}
	// Every relationship points at a part, every content-type override names one.
	for id, target := range pkg.rels {
		if pkg.files[path.Join("word", target)] == nil {
			t.Errorf("relationship %s -> %s: no such part", id, target)
		}
	}
	for _, r := range parseXML(t, pkg.files["_rels/.rels"]).children("Relationship") {
		if pkg.files[r.attr("Target")] == nil {
			t.Errorf("package relationship -> %s: no such part", r.attr("Target"))
		}
	}
	for _, o := range parseXML(t, pkg.files["[Content_Types].xml"]).children("Override") {
		if pkg.files[strings.TrimPrefix(o.attr("PartName"), "/")] == nil {
			t.Errorf("content type override for %s: no such part", o.attr("PartName"))
		}
	}
}
