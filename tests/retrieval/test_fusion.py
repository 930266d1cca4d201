"""Pure list operations on rankings."""

from __future__ import annotations

from retrieval.fusion import pull_siblings


def _article(item: str) -> str | None:
    return item.split("(")[0] if "(" in item else None


def test_best_sibling_moves_up_behind_the_first_articles():
    ranked = ["7(2)", "24(6)", "24(5)", "6(5)", "16(16)", "7(1)", "16(12)"]
    assert pull_siblings(ranked, _article, groups=2) == ["7(2)", "7(1)", "24(6)", "24(5)", "6(5)", "16(16)", "16(12)"]


def test_later_articles_keep_their_order():
    ranked = ["1(1)", "2(1)", "3(1)", "3(2)", "1(2)"]
    assert pull_siblings(ranked, _article, groups=1) == ["1(1)", "1(2)", "2(1)", "3(1)", "3(2)"]


def test_ungrouped_items_and_lone_articles_stay_put():
    ranked = ["para 53", "5(1)", "9(1)", "para 54"]
    assert pull_siblings(ranked, _article, groups=2) == ranked
    assert pull_siblings([], _article, groups=2) == []


def test_weighted_rrf_follows_the_weights():
    from retrieval.fusion import reciprocal_rank_fusion

    lexical, semantic = ["a", "b", "c"], ["c", "b", "a"]
    assert reciprocal_rank_fusion([lexical, semantic, ["b"]], k=60)[0] == "b"  # equal weights: the consensus
    assert reciprocal_rank_fusion([lexical, semantic], k=60, weights=[2.0, 1.0])[0] == "a"
    assert reciprocal_rank_fusion([lexical, semantic], k=60, weights=[1.0, 2.0])[0] == "c"


def test_fuse_keeping_first_reorders_but_keeps_the_best():
    from retrieval.fusion import fuse_keeping_first

    items = ["a1", "b1", "c1", "d1"]
    # a second opinion that puts c and d ahead, and finds a new item e (matched by the letter)
    other = ["d2", "c2", "e2"]
    fused = fuse_keeping_first(items, [(other, 2.0)], key=lambda item: item[0])
    assert fused[0] == "a1"  # the best of the first ranking stays first
    assert fused[1:3] == ["d1", "c1"]  # items of the first ranking win over their equals
    assert set(fused) == {"a1", "b1", "c1", "d1", "e2"} and len(fused) == 5
    assert fuse_keeping_first([], [(other, 1.0)], key=lambda item: item[0]) == ["d2", "c2", "e2"]
