package export_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"catalogue/generator/content"
	"catalogue/generator/export"
)

// TestCoverageFiles checks that coverage.json and coverage.csv say the same,
// one record per mutualisation, and that the counts add up.
func TestCoverageFiles(t *testing.T) {
	t.Parallel()
	for name, x := range sites(t) {
		t.Run(name, func(t *testing.T) {
			doc := x.json(t, "/api/v1/coverage.json")
			entries := doc["entries"].([]any)
			if n := len(x.cat.Collection(content.KindMutualisation)); len(entries) != n || doc["count"] != float64(n) {
				t.Fatalf("%d records, count %v, want %d", len(entries), doc["count"], n)
			}
			states := map[string]float64{}
			for _, e := range entries {
				states[e.(map[string]any)["state"].(string)]++
			}
			if doc["both"] != states["both"] || doc["neither"] != states["none"] ||
				doc["covered"] != states["both"]+states["action"] || doc["realised"] != states["both"]+states["service"] {
				t.Errorf("counts %v %v %v %v, states %v", doc["covered"], doc["realised"], doc["both"], doc["neither"], states)
			}
			rows := x.readCSV(t, "/api/v1/coverage.csv")
			if len(rows) != len(entries)+1 {
				t.Fatalf("%d CSV rows, %d JSON records", len(rows)-1, len(entries))
			}
			col := map[string]int{}
			for i, c := range rows[0] {
				col[c] = i
			}
			for i, raw := range entries {
				rec := raw.(map[string]any)
				row := rows[i+1]
				var ids, services []string
				for _, a := range rec["actions"].([]any) {
					ids = append(ids, a.(map[string]any)["id"].(string))
				}
				for _, s := range rec["services"].([]any) {
					services = append(services, s.(string))
				}
				got := []string{export.Unneutralise(row[col["id"]]), row[col["state"]], row[col["actions_id"]], row[col["services"]]}
				want := []string{rec["id"].(string), rec["state"].(string), strings.Join(ids, export.ListSeparator), strings.Join(services, export.ListSeparator)}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("row %d (-json +csv):\n%s", i+2, diff)
				}
			}
		})
	}
}
