//! Jurisdiction packs (data files with citations) and the mapping from a
//! finding's category to an exemption proposal. Knows nothing of regexes.
