package content

import "math/rand/v2"

// eachShortSequence calls f with every sequence of up to three bytes, alone and between
// two Chinese characters: the fast paths of the byte-reading checks decide on those.
// f must not keep the slice.
func eachShortSequence(f func(b []byte)) {
	// Two buffers made once: the 33.5 million calls allocated a framed copy each, two
	// thirds of the three exhaustive tests' time.
	seq, framed := make([]byte, 0, 3), make([]byte, 0, 16)
	for n := 1; n <= 3; n++ {
		for x := 0; x < 1<<(8*n); x++ {
			seq = seq[:0]
			for k := range n {
				seq = append(seq, byte(x>>(8*k)))
			}
			f(seq)
			framed = append(append(append(framed[:0], "中"...), seq...), "文"...)
			f(framed)
		}
	}
}

// eachMixture calls f with n texts of one to six pieces drawn at random (seeded by seed).
// f must not keep the slice.
func eachMixture(seed uint64, n int, pieces []string, f func(b []byte)) {
	r := rand.New(rand.NewPCG(seed, seed+1))
	var buf []byte
	for range n {
		buf = buf[:0]
		for range 1 + r.IntN(6) {
			buf = append(buf, pieces[r.IntN(len(pieces))]...)
		}
		f(buf)
	}
}
