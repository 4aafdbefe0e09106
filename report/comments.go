package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
)

// Word comments. A sentence with sources (Sentence.Comment) is written between
// w:commentRangeStart and w:commentRangeEnd, followed by a run holding its
// w:commentReference, and the comment's text goes to word/comments.xml, which the document's
// relationships and the content types name. The library has no comment ranges in its
// paragraph model, so the sentence is bracketed by two marker runs, each holding only the
// text \uE000s<id>\uE000 or \uE000e<id>\uE000 (a private-use character no record contains as a
// whole run of its own), which commentMarks replaces in the written word/document.xml.

const (
	relComments   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	ctComments    = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
	commentsPart  = "word/comments.xml"
	commentAuthor = "orglife"
	markRune      = "\uE000"
)

// commentMark matches a marker run as the library writes it: a run with no properties whose
// only child is the marker text.
var commentMark = regexp.MustCompile(`<w:r><w:t(?: [^>]*)?>` + markRune + `([se])([0-9]+)` + markRune + `</w:t></w:r>`)

func markerRun(kind string, id int) ctypes.ParagraphChild {
	return ctypes.ParagraphChild{Run: &ctypes.Run{Children: []ctypes.RunChild{
		{Text: ctypes.TextFromString(markRune + kind + strconv.Itoa(id) + markRune)},
	}}}
}

// addSentences adds the sentences as one paragraph styled s, each sentence its own run, a
// sentence with sources bracketed for its comment. It returns comments with the new
// comments' texts appended; a comment's id is its index there.
func addSentences(rd *docx.RootDoc, ss []Sentence, s TextStyle, l Layout, comments []string) []string {
	p := rd.AddEmptyParagraph()
	styleParagraph(p, s, l, true)
	for _, sn := range ss {
		text := strings.NewReplacer("\r", "", "\n", "").Replace(sn.Text)
		if text == "" {
			continue
		}
		c := sn.Comment()
		id := len(comments)
		if c != "" {
			p.GetCT().Children = append(p.GetCT().Children, markerRun("s", id))
			comments = append(comments, c)
		}
		styleRun(p.AddText(text), p, s)
		if c != "" {
			p.GetCT().Children = append(p.GetCT().Children, markerRun("e", id))
		}
	}
	if s.LinesAfter > 0 {
		after := uint64(s.LinesAfter) * uint64(l.LinePitchPt*20+0.5)
		p.GetCT().Property.Spacing.After = &after
	}
	return comments
}

// commentMarks replaces the marker runs of word/document.xml by the comment ranges and
// references; it is an error if a range is not closed.
func commentMarks(doc []byte) ([]byte, error) {
	opened := map[string]int{}
	out := commentMark.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := commentMark.FindSubmatch(m)
		id := string(sub[2])
		if string(sub[1]) == "s" {
			opened[id]++
			return []byte(`<w:commentRangeStart w:id="` + id + `"/>`)
		}
		opened[id]--
		return []byte(`<w:commentRangeEnd w:id="` + id + `"/><w:r><w:commentReference w:id="` + id + `"/></w:r>`)
	})
	for id, n := range opened {
		if n != 0 {
			return nil, fmt.Errorf("report: comment %s is not closed", id)
		}
	}
	return out, nil
}

// addCommentsPart stores word/comments.xml with the comments (ids from 0), in the body's
// type at a smaller size, with its relationship and content type.
func addCommentsPart(rd *docx.RootDoc, comments []string, l Layout) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<w:comments xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`)
	font := l.Body.Font
	for i, c := range comments {
		fmt.Fprintf(&b, `<w:comment w:id="%d" w:author="%s" w:initials="OL">`, i, commentAuthor)
		b.WriteString(`<w:p><w:r><w:annotationRef/></w:r><w:r><w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font +
			`" w:eastAsia="` + font + `" w:hint="eastAsia"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr><w:t xml:space="preserve">`)
		if err := xml.EscapeText(&b, []byte(c)); err != nil {
			return fmt.Errorf("report: comment %d: %w", i, err)
		}
		b.WriteString(`</w:t></w:r></w:p></w:comment>`)
	}
	b.WriteString(`</w:comments>`)
	rd.FileMap.Store(commentsPart, b.Bytes())
	if err := rd.ContentType.AddOverride("/"+commentsPart, ctComments); err != nil {
		return fmt.Errorf("report: comments content type: %w", err)
	}
	doc := rd.Document
	doc.DocRels.Relationships = append(doc.DocRels.Relationships, &docx.Relationship{
		ID: "rId" + strconv.Itoa(doc.IncRelationID()), Type: relComments, Target: strings.TrimPrefix(commentsPart, "word/"),
	})
	return nil
}
