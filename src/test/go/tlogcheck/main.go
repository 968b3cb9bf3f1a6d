// Command tlogcheck verifies TDE Guard's transparency-log output with Go's own implementation of the same
// formats, golang.org/x/mod/sumdb/note and sumdb/tlog: an independent check of the Java package
// io.tdeguard.audit.tlog. It reads one JSON document on stdin:
//
//	{"verifierKey": "<name>+<hex>+<base64>",
//	 "leaves": ["<base64 leaf bytes>", ...],                  every leaf of the log, in order
//	 "checkpoints": ["<signed note>", ...],
//	 "inclusion": [{"checkpoint": i, "index": k, "proof": ["<base64 hash>", ...]}, ...],
//	 "consistency": [{"old": i, "new": j, "proof": [...]}, ...],
//	 "tiles": [{"treeSize": n, "path": "tile/0/x001/234.p/5", "data": "<base64>"}, ...]}
//
// and checks that each checkpoint is a note signed by the key whose text is a tlog-checkpoint with the root
// tlog.TreeHash computes from the leaves, that each proof passes tlog.CheckRecord or tlog.CheckTree against the
// checkpoints it names, and that each tile holds the bytes tlog.ReadTileData gives for that tile. It prints one
// line per failure and exits 0 when everything verifies, 1 when anything does not, 2 on unusable input.
//
// Build in GOPATH mode with Debian's golang-golang-x-mod-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o tlogcheck src/test/go/tlogcheck/main.go
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	VerifierKey string   `json:"verifierKey"`
	Leaves      [][]byte `json:"leaves"`
	Checkpoints []string `json:"checkpoints"`
	Inclusion   []struct {
		Checkpoint int      `json:"checkpoint"`
		Index      int64    `json:"index"`
		Proof      [][]byte `json:"proof"`
	} `json:"inclusion"`
	Consistency []struct {
		Old   int      `json:"old"`
		New   int      `json:"new"`
		Proof [][]byte `json:"proof"`
	} `json:"consistency"`
	Tiles []struct {
		TreeSize int64  `json:"treeSize"`
		Path     string `json:"path"`
		Data     []byte `json:"data"`
	} `json:"tiles"`
}

type head struct {
	size int64
	root tlog.Hash
	ok   bool
}

var failures int

func fail(format string, args ...interface{}) {
	failures++
	fmt.Printf(format+"\n", args...)
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Println("bad input:", err)
		os.Exit(2)
	}
	verifier, err := note.NewVerifier(in.VerifierKey)
	if err != nil {
		fmt.Println("bad verifier key:", err)
		os.Exit(2)
	}

	// The stored hashes of the whole log, computed here from the leaves alone.
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			if x < 0 || x >= int64(len(stored)) {
				return nil, fmt.Errorf("stored hash %d not available", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, leaf := range in.Leaves {
		hashes, err := tlog.StoredHashes(int64(i), leaf, reader)
		if err != nil {
			fmt.Println("stored hashes:", err)
			os.Exit(2)
		}
		stored = append(stored, hashes...)
	}

	heads := make([]head, len(in.Checkpoints))
	for i, msg := range in.Checkpoints {
		heads[i] = openCheckpoint(i, msg, verifier, reader, int64(len(in.Leaves)))
	}
	for _, p := range in.Inclusion {
		h, ok := named(heads, p.Checkpoint)
		if !ok || p.Index < 0 || p.Index >= int64(len(in.Leaves)) {
			fail("inclusion of %d in checkpoint %d: no such leaf or checkpoint", p.Index, p.Checkpoint)
			continue
		}
		if err := tlog.CheckRecord(hashes(p.Proof), h.size, h.root, p.Index, tlog.RecordHash(in.Leaves[p.Index])); err != nil {
			fail("inclusion of %d in tree %d: %v", p.Index, h.size, err)
		}
	}
	for _, p := range in.Consistency {
		o, ok1 := named(heads, p.Old)
		n, ok2 := named(heads, p.New)
		if !ok1 || !ok2 {
			fail("consistency of checkpoints %d and %d: no such checkpoint", p.Old, p.New)
			continue
		}
		if err := tlog.CheckTree(hashes(p.Proof), n.size, n.root, o.size, o.root); err != nil {
			fail("consistency of trees %d and %d: %v", o.size, n.size, err)
		}
	}
	for _, t := range in.Tiles {
		checkTile(t.TreeSize, t.Path, t.Data, reader, int64(len(in.Leaves)))
	}
	if failures > 0 {
		fmt.Printf("%d failures\n", failures)
		os.Exit(1)
	}
	fmt.Printf("verified %d checkpoints, %d inclusion proofs, %d consistency proofs, %d tiles\n",
		len(in.Checkpoints), len(in.Inclusion), len(in.Consistency), len(in.Tiles))
}

// openCheckpoint verifies the note's signature, parses its text as a tlog-checkpoint and compares its root with
// the tree hash of the leaves.
func openCheckpoint(i int, msg string, verifier note.Verifier, reader tlog.HashReader, leaves int64) head {
	n, err := note.Open([]byte(msg), note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint %d: note.Open: %v", i, err)
		return head{}
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if !strings.HasSuffix(n.Text, "\n") || len(lines) < 3 || lines[0] == "" {
		fail("checkpoint %d: not a checkpoint body: %q", i, n.Text)
		return head{}
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		fail("checkpoint %d: bad tree size %q", i, lines[1])
		return head{}
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint %d: bad root hash %q", i, lines[2])
		return head{}
	}
	if size < 1 || size > leaves {
		fail("checkpoint %d: tree size %d outside 1..%d (Go's TreeHash of 0 is not RFC 6962's)", i, size, leaves)
		return head{}
	}
	want, err := tlog.TreeHash(size, reader)
	if err != nil || want != root {
		fail("checkpoint %d: root %v, tlog.TreeHash of the leaves is %v (%v)", i, root, want, err)
		return head{}
	}
	return head{size, root, true}
}

// checkTile compares a tile with tlog.ReadTileData; Go's paths carry the tile height (tile/8/...), C2SP's do not.
func checkTile(treeSize int64, path string, data []byte, reader tlog.HashReader, leaves int64) {
	if !strings.HasPrefix(path, "tile/") || treeSize > leaves {
		fail("tile %s: bad path or tree size %d", path, treeSize)
		return
	}
	t, err := tlog.ParseTilePath("tile/8/" + strings.TrimPrefix(path, "tile/"))
	if err != nil {
		fail("tile %s: %v", path, err)
		return
	}
	if t.H != 8 || "tile/"+strings.TrimPrefix(t.Path(), "tile/8/") != path {
		fail("tile %s: Go spells it %s", path, t.Path())
		return
	}
	want, err := tlog.ReadTileData(t, reader)
	if err != nil || string(want) != string(data) {
		fail("tile %s of tree %d: content differs from tlog.ReadTileData (%v)", path, treeSize, err)
	}
	// the tile must be the one of that width in the tree of that size (tlog.NewTiles lists them)
	found := false
	for _, nt := range tlog.NewTiles(8, 0, treeSize) {
		if nt == t {
			found = true
		}
	}
	if !found {
		fail("tile %s is not a tile of tree size %d", path, treeSize)
	}
}

func named(heads []head, i int) (head, bool) {
	if i < 0 || i >= len(heads) || !heads[i].ok {
		return head{}, false
	}
	return heads[i], true
}

func hashes(in [][]byte) []tlog.Hash {
	out := make([]tlog.Hash, len(in))
	for i, h := range in {
		if len(h) != tlog.HashSize {
			fail("proof hash of %d bytes", len(h))
			continue
		}
		copy(out[i][:], h)
	}
	return out
}
