package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
)

// The library starts every document from its template, a Word 2010 file saved on a Japanese
// Mac: docProps/app.xml says "Microsoft Macintosh Word" and one page, settings.xml names
// ja-JP as the East-Asian theme language, fontTable.xml lists ＭＳ 明朝, and a thumbnail, a
// bibliography (customXml) and stylesWithEffects.xml come along. tidyPackage replaces or
// drops these parts; the library has no API for them, so they are edited in its file map and
// relationship lists before it writes.

const (
	appPart      = "docProps/app.xml"
	fontPart     = "word/fontTable.xml"
	langEastAsia = "zh-CN"
)

// leftover reports whether a template part is dropped from the package.
func leftover(part string) bool {
	return part == "docProps/thumbnail.jpeg" || part == "word/stylesWithEffects.xml" ||
		strings.HasPrefix(part, "customXml/")
}

// tidyPackage sets the package's properties (d's title and author, zh-CN), the settings
// (even and odd footers, zh-CN) and the font table (the layout's fonts), and drops the
// template's leftovers.
func tidyPackage(rd *docx.RootDoc, d Document, l Layout) error {
	var drop []any
	rd.FileMap.Range(func(k, _ any) bool {
		if leftover(k.(string)) {
			drop = append(drop, k)
		}
		return true
	})
	for _, k := range drop {
		rd.FileMap.Delete(k)
	}
	rd.RootRels.Relationships = slices.DeleteFunc(rd.RootRels.Relationships, func(r *docx.Relationship) bool {
		return leftover(path.Clean(r.Target))
	})
	rd.Document.DocRels.Relationships = slices.DeleteFunc(rd.Document.DocRels.Relationships, func(r *docx.Relationship) bool {
		return leftover(path.Join("word", r.Target))
	})
	rd.ContentType.Override = slices.DeleteFunc(rd.ContentType.Override, func(o docx.Override) bool {
		return leftover(strings.TrimPrefix(o.PartName, "/"))
	})

	core, err := coreXML(d)
	if err != nil {
		return err
	}
	rd.FileMap.Store(corePart, core)
	rd.FileMap.Store(appPart, appXML())
	rd.FileMap.Store(fontPart, fontTableXML(l))

	v, ok := rd.FileMap.Load(settingsPart)
	if !ok {
		return fmt.Errorf("report: the library's template has no %s", settingsPart)
	}
	settings, err := editSettings(v.([]byte))
	if err != nil {
		return err
	}
	rd.FileMap.Store(settingsPart, settings)

	if rd.DocStyles != nil && rd.DocStyles.DocDefaults != nil && rd.DocStyles.DocDefaults.RunProp != nil &&
		rd.DocStyles.DocDefaults.RunProp.RunProp != nil {
		latin, eastAsia := "en-US", langEastAsia
		rd.DocStyles.DocDefaults.RunProp.RunProp.Lang = &ctypes.Lang{Val: &latin, EastAsia: &eastAsia}
	} else {
		return fmt.Errorf("report: the library's styles have no default run properties to set the language on")
	}
	return nil
}

// editSettings turns on separate even and odd footers and names zh-CN as the East-Asian
// theme language. w:evenAndOddHeaders goes before w:characterSpacingControl, as the schema's
// order has it.
func editSettings(b []byte) ([]byte, error) {
	const anchor = "<w:characterSpacingControl"
	i := bytes.Index(b, []byte(anchor))
	if i < 0 {
		return nil, fmt.Errorf("report: %s has no %s> to put w:evenAndOddHeaders before", settingsPart, anchor)
	}
	out := slices.Concat(b[:i:i], []byte("<w:evenAndOddHeaders/>"), b[i:])
	return bytes.ReplaceAll(out, []byte(`"ja-JP"`), []byte(`"`+langEastAsia+`"`)), nil
}

// coreProperties is docProps/core.xml. The library's template names "gomutex" as the author,
// which a branch's report should not carry: the title and author are the document's, and no
// dates are claimed.
type coreProperties struct {
	XMLName        xml.Name `xml:"cp:coreProperties"`
	CP             string   `xml:"xmlns:cp,attr"`
	DC             string   `xml:"xmlns:dc,attr"`
	Title          string   `xml:"dc:title"`
	Creator        string   `xml:"dc:creator,omitempty"`
	LastModifiedBy string   `xml:"cp:lastModifiedBy,omitempty"`
	Language       string   `xml:"dc:language"`
}

func coreXML(d Document) ([]byte, error) {
	b, err := xml.Marshal(coreProperties{
		CP:    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
		DC:    "http://purl.org/dc/elements/1.1/",
		Title: d.Title, Creator: d.Author, LastModifiedBy: d.Author,
		Language: langEastAsia,
	})
	if err != nil {
		return nil, fmt.Errorf("report: core properties: %w", err)
	}
	return append([]byte(xml.Header), b...), nil
}

// appXML is docProps/app.xml: the application that wrote the file and nothing it cannot know
// (the template's claims of one page and no words were wrong for every report).
func appXML() []byte {
	return []byte(xml.Header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>orglife</Application><DocSecurity>0</DocSecurity></Properties>`)
}

// fontTableXML lists the layout's fonts as Chinese (GB2312, charset 86), so that Word on a
// machine without one of them substitutes a Chinese font rather than the template's ＭＳ 明朝.
func fontTableXML(l Layout) []byte {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<w:fonts xmlns:w="` + nsW + `">`)
	var seen []string
	for _, s := range []TextStyle{l.Title, l.Heading1, l.Heading2, l.Body, l.TableHeader, l.TableCell, l.PageNumber} {
		if s.Font == "" || slices.Contains(seen, s.Font) {
			continue
		}
		seen = append(seen, s.Font)
		b.WriteString(`<w:font w:name="`)
		_ = xml.EscapeText(&b, []byte(s.Font)) // a strings.Builder does not fail
		b.WriteString(`"><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return []byte(b.String())
}

// addEvenFooter copies the package src to w with the even pages' footer reference put next to
// the default one in the body's section: the library's section holds one footer reference
// only; the comments' marker runs are replaced too (commentMarks). The other parts are
// copied as they are compressed.
func addEvenFooter(w io.Writer, src []byte, even ctypes.FooterReference) error {
	var ref bytes.Buffer
	if err := xml.NewEncoder(&ref).Encode(even); err != nil {
		return fmt.Errorf("report: even footer reference: %w", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return fmt.Errorf("report: reread docx: %w", err)
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			if err := zw.Copy(f); err != nil {
				return fmt.Errorf("report: copy %s: %w", f.Name, err)
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("report: open %s: %w", f.Name, err)
		}
		doc, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("report: read %s: %w", f.Name, err)
		}
		if doc, err = commentMarks(doc); err != nil {
			return err
		}
		// The body's w:sectPr is the document's last; its footer reference is the last one.
		i := bytes.LastIndex(doc, []byte("<w:footerReference "))
		if i < 0 {
			return fmt.Errorf("report: %s has no footer reference", f.Name)
		}
		end := bytes.Index(doc[i:], []byte("</w:footerReference>"))
		if end < 0 {
			return fmt.Errorf("report: %s: footer reference not closed", f.Name)
		}
		at := i + end + len("</w:footerReference>")
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return fmt.Errorf("report: write %s: %w", f.Name, err)
		}
		for _, part := range [][]byte{doc[:at], ref.Bytes(), doc[at:]} {
			if _, err := fw.Write(part); err != nil {
				return fmt.Errorf("report: write %s: %w", f.Name, err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("report: write docx: %w", err)
	}
	return nil
}
