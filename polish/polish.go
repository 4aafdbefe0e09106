// Package polish rewrites a document's template sentences in a natural voice with a language
// model, and keeps the template's sentence wherever the rewrite adds or drops a fact.
package polish

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Completer answers a chat; *Client is the one in production.
type Completer interface {
	Complete(ctx context.Context, msgs []Message) (string, error)
}

// Sentence is one sentence to polish: the template's text and the source sentences it was
// written from (what the members recorded), which a rewrite may draw facts from. No sources:
// the sentence is its own.
type Sentence struct {
	Text    string
	Sources []string
}

// Result is the polished list: Texts has one entry per sentence, the rewrite where the guard
// accepted it and the template's sentence elsewhere.
type Result struct {
	Texts    []string
	Polished int            // sentences rewritten (accepted and different)
	Kept     int            // rewrites the guard rejected: the template's sentence kept
	Missing  int            // sentences the answer left out: kept as they were
	Reasons  map[Reason]int // why rewrites were rejected, by reason
}

// Polisher sends sentences to a model, numbered, in one request, and guards its answer.
type Polisher struct {
	Model Completer
}

// Instructions is the system message sent with every request (the README quotes it).
const Instructions = "你是党支部的文字编辑。请把用户给出的每个编号句子改写得自然、通顺，符合党务公文的语体。" +
	"要求：不得增加、删除或改动任何数字、日期、人名；书名号《》、引号“”「」和【】中的内容原样保留；" +
	"不得添加原句没有的事实；逐句改写，一句对应一句。" +
	"只输出改写结果，每句一行，格式为「编号. 改写后的句子」，编号与原句相同，不要输出其他内容。"

// Polish rewrites sentences. names are the people the guard knows (the branch's members and
// the meeting's guests); they are not sent. An error (time-out, refusal, empty or
// unreadable answer) means nothing was polished; the caller keeps the template's text.
func (p *Polisher) Polish(ctx context.Context, sentences []Sentence, names []string) (Result, error) {
	res := Result{Texts: make([]string, len(sentences)), Reasons: map[Reason]int{}}
	var ask strings.Builder
	for i, s := range sentences {
		res.Texts[i] = s.Text
		if worthPolishing(s.Text) {
			fmt.Fprintf(&ask, "%d. %s\n", i+1, oneLine(s.Text))
		}
	}
	if ask.Len() == 0 {
		return res, nil
	}
	answer, err := p.Model.Complete(ctx, []Message{{Role: "system", Content: Instructions}, {Role: "user", Content: ask.String()}})
	if err != nil {
		return res, err
	}
	rewrites := ParseNumbered(answer, len(sentences))
	if len(rewrites) == 0 {
		return res, fmt.Errorf("polish: %w", ErrMalformed)
	}
	for i, s := range sentences {
		if !worthPolishing(s.Text) {
			continue
		}
		r, ok := rewrites[i+1]
		if !ok {
			res.Missing++
			continue
		}
		r = finish(s.Text, r)
		if reasons := Check(s.Text, r, s.Sources, names); len(reasons) > 0 {
			res.Kept++
			for _, why := range reasons {
				res.Reasons[why]++
			}
			continue
		}
		if r != s.Text {
			res.Texts[i] = r
			res.Polished++
		}
	}
	return res, nil
}

// IsFallback reports whether err is one of the model's failures rather than the caller's own.
func IsFallback(err error) bool {
	return errors.Is(err, ErrTimeout) || errors.Is(err, ErrRefused) || errors.Is(err, ErrEmpty) || errors.Is(err, ErrMalformed)
}

// worthPolishing: a sentence that is only a 【待补充】 mark or punctuation is left alone.
func worthPolishing(s string) bool {
	s = pendingMark.ReplaceAllString(s, "")
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' })
}

var pendingMark = regexp.MustCompile(`【[^】]*】`)

// numbered is an answer's line "3. text" (also 3、 3: 3) （3） and full-width digits).
var numbered = regexp.MustCompile(`^\s*[（(]?\s*([0-9０-９]{1,4})\s*(?:[.．、:：)）]|\s)\s*(.*)$`)

// ParseNumbered reads a numbered answer into its items by number (1 to n). Lines without a
// number continue the item before them; code fences, blank lines, numbers out of range and
// repeats of a number are ignored.
func ParseNumbered(answer string, n int) map[int]string {
	out := map[int]string{}
	last := 0
	for line := range strings.SplitSeq(strings.ReplaceAll(answer, "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "```") {
			continue
		}
		if m := numbered.FindStringSubmatch(line); m != nil {
			k, err := strconv.Atoi(halfWidthDigits(m[1]))
			if err == nil && k >= 1 && k <= n {
				if _, dup := out[k]; !dup {
					out[k], last = strings.TrimSpace(m[2]), k
				} else {
					last = 0
				}
				continue
			}
		}
		if last > 0 {
			out[last] += line
		}
	}
	for k, v := range out {
		if v == "" {
			delete(out, k)
		}
	}
	return out
}

// oneLine is s on one line, as it is numbered in the request.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// finish gives a rewrite the final punctuation of the sentence when it lost it, and drops
// the quotes a model may put around a whole sentence.
func finish(sentence, rewrite string) string {
	rewrite = strings.TrimSpace(rewrite)
	if strings.HasPrefix(rewrite, "「") && strings.HasSuffix(rewrite, "」") && !strings.HasPrefix(sentence, "「") {
		rewrite = strings.TrimSuffix(strings.TrimPrefix(rewrite, "「"), "」")
	}
	end := []rune(strings.TrimSpace(sentence))
	if len(end) == 0 {
		return rewrite
	}
	last := end[len(end)-1]
	if strings.ContainsRune("。！？；", last) && !strings.ContainsAny(lastRune(rewrite), "。！？；!?;.") {
		rewrite += string(last)
	}
	return rewrite
}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// Split cuts a paragraph into sentences after 。！？ (and a closing quote right after them),
// never inside 《》 or 【】; joining the sentences gives the paragraph back.
func Split(paragraph string) []string {
	var out []string
	var b strings.Builder
	depth := 0
	rs := []rune(paragraph)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		b.WriteRune(r)
		switch r {
		case '《', '【', '“', '「':
			depth++
		case '》', '】', '”', '」':
			if depth > 0 {
				depth--
			}
			// 他说“好。”: a quote that ends in a full stop ends the sentence.
			if depth == 0 && (r == '”' || r == '」') && i > 0 && strings.ContainsRune("。！？", rs[i-1]) {
				out = append(out, b.String())
				b.Reset()
			}
		case '。', '！', '？':
			if depth > 0 {
				continue
			}
			for i+1 < len(rs) && strings.ContainsRune("”」）)", rs[i+1]) {
				i++
				b.WriteRune(rs[i])
			}
			out = append(out, b.String())
			b.Reset()
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
