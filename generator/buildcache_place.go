package generator

import "wuxiao/generator/render"

// Place makes pageKeys a render.PagePlacer: a page the output folder being filled
// already holds as recorded, or the output built over does, is left or linked there by
// its key, and neither its bytes nor the cache's are read (siteDir.place).
func (k *pageKeys) Place(p *render.PageData, name string) (int64, bool) {
	if k.placed == nil {
		return 0, false
	}
	key, made := k.keys.Load(p)
	if !made {
		key = k.makeKey(p) // kept for Page and Rendered only if the page is not placed
	}
	size, ok := k.placed.place(name, key.(string))
	if !ok {
		k.keys.Store(p, key)
		return 0, false
	}
	if c, ok := k.cache.(interface{ Keep(string) }); ok {
		c.Keep(key.(string)) // its entry stays for a build without this output (CI's)
	}
	k.done(p)
	return size, true
}
