"""Long titles are shortened in the middle, so the start and the end that tell them apart stay;
where those are alike, by what tells them apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cxworkbook.ui.text import CUT, ELLIPSIS, middle_shortened, shortened_apart


def test_titles_that_start_alike_keep_the_end_that_tells_them_apart():
    spring = middle_shortened("Digitaalisen asiakaskokemuksen työpaja, kevät 2027", 28)
    plain = middle_shortened("Digitaalisen asiakaskokemuksen työpaja", 28)
    assert spring == "Digitaalisen … kevät 2027"
    assert plain == "Digitaalisen … työpaja"
    assert middle_shortened("CX workshop, spring 2026", 28) == "CX workshop, spring 2026"


def test_a_word_longer_than_its_half_is_cut_inside_it():
    assert middle_shortened("Asiakaskokemuksentyöpajasarja2026", 20) == "Asiakasko … arja2026"


@given(st.text(max_size=120), st.integers(min_value=12, max_value=60))
def test_a_shortened_text_fits_and_keeps_its_start_and_end(text, limit):
    shown = middle_shortened(text, limit)
    one_line = " ".join(text.split())
    assert len(shown) <= limit
    if len(text) <= limit:
        assert shown == text
    elif len(one_line) <= limit:
        assert shown == one_line
    else:
        cuts = [at for at in range(len(shown)) if shown.startswith(ELLIPSIS, at)]
        assert any(
            one_line.startswith(shown[:at]) and one_line.endswith(shown[at + len(ELLIPSIS) :])
            for at in cuts
            if 0 < at < len(shown) - len(ELLIPSIS)
        )


def test_titles_alike_at_both_ends_show_where_they_part():
    titles = [
        "CX-työpaja, asiakaspalvelu, syksy 2026",
        "CX-työpaja, myynti, syksy 2026",
        "Digitaalisen asiakaskokemuksen työpaja",
    ]
    assert middle_shortened(titles[0], 28) == middle_shortened(titles[1], 28)
    assert shortened_apart(titles, 28) == [
        "… asiakaspalvelu, syksy 2026",
        "… myynti, syksy 2026",
        "Digitaalisen … työpaja",
    ]


def test_where_they_part_is_shown_even_inside_a_long_word_and_before_a_long_end():
    shown = shortened_apart(
        [
            "Työpaja Asiakaskokemuksentyöpajasarja-myynti, kevät 2027, Helsinki ja Tampere",
            "Työpaja Asiakaskokemuksentyöpajasarja-palvelu, kevät 2027, Helsinki ja Tampere",
        ],
        28,
    )
    assert shown == ["… yöpajasarja-myynti, …", "… yöpajasarja-palvelu, …"]


_WORDS = st.lists(st.sampled_from(["CX", "työpaja,", "myynti", "palvelu", "kevät", "2027"]))


@given(
    st.lists(st.one_of(st.text(max_size=80), _WORDS.map(" ".join)), max_size=6), st.integers(12, 40)
)
def test_shortened_texts_fit_and_are_never_alike(texts, limit):
    lines = {" ".join(text.split()) for text in texts}
    shown = shortened_apart(texts, limit)
    for label, text in zip(shown, texts, strict=True):
        assert len(label) <= limit or label == text
    if len(lines) == len(texts) and not any(CUT in text for text in texts):
        assert len(set(shown)) == len(shown)
