package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// result is one line of the table: a row run by a client.
type result struct {
	row    row
	client client
	conc   int // goroutines or fibers
	pool   int // database/sql connections; 0 for the others
	sum    summary
	err    string  // why the run failed; "" if it did not
	ratio  float64 // req/s over net.box's in the same row and class; 0: none
}

// refRow is the row whose net.box result a row is compared with: its
// own, but for the statement cache's, which net.box does not have and
// which is compared with net.box's SQL text execute.
func refRow(r row) row {
	if r == rowCached {
		return rowExecute
	}
	return r
}

// setRatios compares each result with net.box's in the same row (refRow)
// and concurrency class.
func setRatios(results []result) {
	ref := map[row]map[string]float64{}
	for _, r := range results {
		if r.client.id == "netbox" || r.client.id == "netbox1" {
			if ref[r.row] == nil {
				ref[r.row] = map[string]float64{}
			}
			if r.err == "" {
				ref[r.row][r.client.id] = r.sum.rps
			}
		}
	}
	for i := range results {
		r := &results[i]
		r.ratio = 0
		if r.client.id == r.client.reference() || r.err != "" {
			continue
		}
		if base := ref[refRow(r.row)][r.client.reference()]; base > 0 {
			r.ratio = r.sum.rps / base
		}
	}
}

var tableHeader = []string{"row", "client", "conc", "requests", "req/s", "vs net.box", "p50", "p99"}

// rightAligned marks the numeric columns.
var rightAligned = []bool{false, false, true, true, true, true, true, true}

// cells returns the table cells of r.
func (r *result) cells() []string {
	name := r.client.name
	if r.pool > 0 {
		name += fmt.Sprintf(" (pool %d)", r.pool)
	}
	c := []string{rowTitles[r.row], name, strconv.Itoa(r.conc), "", "", "", "", ""}
	if r.err != "" {
		c[3] = "failed"
		return c
	}
	c[3] = strconv.Itoa(r.sum.requests)
	c[4] = formatRate(r.sum.rps)
	if r.ratio > 0 {
		c[5] = fmt.Sprintf("%.2fx", r.ratio)
	}
	c[6] = formatLatency(r.sum.p50)
	c[7] = formatLatency(r.sum.p99)
	return c
}

// writeTable prints results as an aligned text table, or as a Markdown
// table, followed by the errors of failed runs.
func writeTable(w io.Writer, results []result, markdown bool) error {
	rows := [][]string{tableHeader}
	for i := range results {
		rows = append(rows, results[i].cells())
	}
	var b strings.Builder
	if markdown {
		writeMarkdown(&b, rows)
	} else {
		writeText(&b, rows)
	}
	for _, r := range results {
		if r.err != "" {
			fmt.Fprintf(&b, "%s, %s ×%d failed: %s\n", rowTitles[r.row], r.client.name, r.conc, r.err)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeText(b *strings.Builder, rows [][]string) {
	width := make([]int, len(tableHeader))
	for _, cells := range rows {
		for i, c := range cells {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	for _, cells := range rows {
		var line strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", width[i]-len([]rune(c)))
			if i > 0 {
				line.WriteString("  ")
			}
			if rightAligned[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
}

func writeMarkdown(b *strings.Builder, rows [][]string) {
	for n, cells := range rows {
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		if n == 0 {
			for i := range cells {
				if rightAligned[i] {
					b.WriteString("|---:")
				} else {
					b.WriteString("|---")
				}
			}
			b.WriteString("|\n")
		}
	}
}

// formatRate prints requests per second as a whole number with thousands
// separators.
func formatRate(rps float64) string {
	s := strconv.FormatInt(int64(rps+0.5), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatLatency prints d with three significant digits or fewer.
func formatLatency(d time.Duration) string {
	us := float64(d) / float64(time.Microsecond)
	switch {
	case d <= 0:
		return "-"
	case us < 10:
		return fmt.Sprintf("%.1fµs", us)
	case us < 1000:
		return fmt.Sprintf("%.0fµs", us)
	case us < 10_000:
		return fmt.Sprintf("%.2fms", us/1000)
	case us < 1_000_000:
		return fmt.Sprintf("%.1fms", us/1000)
	default:
		return fmt.Sprintf("%.2fs", us/1e6)
	}
}
