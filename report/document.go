// Package report compiles what a branch recorded into the documents its secretary hands
// up — the meeting report, the problem list, the rectification ledger — and renders them.
package report

// Kind is what a block of a document is, which decides its layout (GB/T 9704-2012).
type Kind int

// The kinds of block.
const (
	KindTitle     Kind = iota // the title: 小标宋 22pt, centred
	KindHeading1              // 一、…: 黑体 16pt
	KindHeading2              // （一）…: 楷体 16pt
	KindBody                  // body text: 仿宋 16pt, first line indented two characters
	KindTable                 // a table (Table is set)
	KindSignature             // a signature line (name, date): body type, right-aligned
)

// Block is one paragraph or table of a document.
type Block struct {
	Kind  Kind
	Text  string
	Table *Table
	// Sentences, when set, are the block's text sentence by sentence with their sources
	// (Text is then their text run together): WriteDOCX writes each as its own run, under a
	// Word comment naming its sources. See Sentence.
	Sentences []Sentence
}

// Table is a simple grid with a header row.
type Table struct {
	Header []string
	Rows   [][]string
	// DateCols are the columns whose cells are dates as orglife.Date.Chinese writes them
	// ("2023年12月31日"), which a spreadsheet holds as dates so that they sort and filter as
	// dates. Anything else in such a column (a 【待补充】 mark) stays text.
	DateCols []int
	// MaxLines caps the lines a column's cells may wrap to, by column: a short statement (a
	// problem's headline) is read at a glance, so its column is made wide enough rather than
	// left as narrow as the tallest cell of the row would allow.
	MaxLines map[int]int
}

// Document is a document's content in order, ready to be rendered.
type Document struct {
	Title  string
	Author string // who issues it, the branch: the file's author (docProps/core.xml)
	// Name is the document's short name ("问题清单"), which a workbook names its sheet after
	// when the title is too long for a sheet's 31 characters; the title when empty.
	Name string
	// Landscape marks a list: a wide table printed across landscape pages, its title kept on
	// one line. A report (the default) is text on the portrait GB/T 9704 page.
	Landscape bool
	Blocks    []Block
}
