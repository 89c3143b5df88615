"""XML (GPO bill XML, USLM) and HTML: text from a real parser, block structure as lines."""

from __future__ import annotations

import pytest

from pipeline.config import corpus_dir
from pipeline.errors import UnsupportedFormatError
from pipeline.ingest import load_document

XML_DIR = corpus_dir() / "bulk" / "xml"


@pytest.mark.skipif(not XML_DIR.is_dir(), reason="bulk XML not available")
@pytest.mark.parametrize("path", sorted(XML_DIR.glob("*.xml")) if XML_DIR.is_dir() else [], ids=lambda p: p.name)
def test_gpo_bill_xml_reads_like_the_printed_bill(path):
    document = load_document(path)
    lines = document.text.splitlines()
    assert document.source.format == "xml"
    assert document.title
    assert any(line.startswith("SECTION 1. ") for line in lines)
    assert any(line.startswith("Be it enacted by the Senate and House") for line in lines)
    assert any(line.startswith("(a) ") for line in lines)
    assert "dublinCore" not in document.text and "public domain" not in document.text  # metadata skipped


GPO_SAMPLE = b"""<?xml version="1.0"?>
<!DOCTYPE bill PUBLIC "-//US Congress//DTDs/bill.dtd//EN" "bill.dtd">
<bill><metadata><dublinCore><title>hidden</title></dublinCore></metadata>
<form><legis-num>H. R. 9</legis-num><official-title>To end an immunity.</official-title></form>
<legis-body><section section-type="section-one"><enum>1.</enum><header>Short title</header>
<text>This Act may be cited as the <quote>Test Act</quote>.</text></section>
<section><enum>2.</enum><header>Liability</header>
<subsection><enum>(a)</enum><header>In general</header><text>Section 1979 is amended by adding at the end:</text>
<quoted-block style="OLC"><subsection><enum>(b)</enum><text>It shall not be a defense that the right was not clearly established.</text></subsection><after-quoted-block>.</after-quoted-block></quoted-block></subsection>
<subsection changed="deleted"><enum>(b)</enum><text>Officers keep their immunity.</text></subsection>
</section></legis-body></bill>"""


def test_gpo_rendering_levels_quotes_and_deleted_text(tmp_path):
    path = tmp_path / "bill.xml"
    path.write_bytes(GPO_SAMPLE)
    document = load_document(path)
    assert document.text.splitlines() == [
        "H. R. 9",
        "To end an immunity.",
        "Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,",
        "SECTION 1. Short title.",
        'This Act may be cited as the "Test Act".',
        "SEC. 2. Liability.",
        "(a) In general.-Section 1979 is amended by adding at the end:",
        '"(b) It shall not be a defense that the right was not clearly established.".',
    ]
    assert [(d.text, d.reason) for d in document.dropped] == [("(b) Officers keep their immunity.", "deleted")]
    assert "hidden" not in document.text


def test_uslm_and_unknown_xml_keep_block_lines(tmp_path):
    path = tmp_path / "uslm.xml"
    path.write_text(
        '<?xml version="1.0"?><lawDoc xmlns="http://xml.house.gov/schemas/uslm/1.0"><meta><title>m</title></meta>'
        "<main><section><num>\u00a7 5.</num><heading>Remedies</heading><chapeau>A person may</chapeau>"
        "<paragraph><num>(1)</num><content>sue; and</content></paragraph>"
        "<paragraph><num>(2)</num><content>recover fees.</content></paragraph></section></main></lawDoc>"
    )
    lines = load_document(path).text.splitlines()
    assert lines[0].startswith("\u00a7 5. Remedies")
    assert "(1) sue; and" in lines and "(2) recover fees." in lines
    assert "m" not in lines


def test_external_entities_are_refused(tmp_path):
    path = tmp_path / "xxe.xml"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY e SYSTEM "file://{secret}">]><bill>&e;</bill>')
    with pytest.raises(UnsupportedFormatError, match="refused"):
        load_document(path)


def test_html_drops_scripts_styles_navigation(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>SB 1</title><style>p {color: red}</style></head><body>"
        "<header>State Legislature</header><nav><a href='/'>Home</a></nav>"
        "<script>var tracking = 1;</script><main><h2>Section 1.</h2><p>A peace officer shall not"
        " invoke <b>qualified immunity</b>.</p><ul><li>(a) first;</li><li>(b) second.</li></ul>"
        "<div style='display: none'>hidden text</div><p>Line one<br>line two</p></main>"
        "<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.source.format == "html" and document.title == "SB 1"
    assert document.text.splitlines() == [
        "Section 1.", "A peace officer shall not invoke qualified immunity.", "(a) first;", "(b) second.",
        "Line one", "line two",
    ]


def test_html_pre_blocks_and_tables_keep_their_lines(tmp_path):
    path = tmp_path / "bill.htm"
    path.write_text(
        "<html><body><pre>SECTION 1.  Short title.\n   (a) In general.-Text\n\nSEC. 2. Liability.</pre>"
        "<table><tr><td>Sec. 3.</td><td>Remedies.</td></tr><tr><td>Sec. 4.</td><td>Fees.</td></tr></table>"
        "</body></html>"
    )
    assert load_document(path).text.splitlines() == [
        "SECTION 1. Short title.", "(a) In general.-Text", "SEC. 2. Liability.", "Sec. 3. Remedies.", "Sec. 4. Fees.",
    ]


def test_html_redline_struck_text_is_dropped(tmp_path):
    path = tmp_path / "redline.html"
    path.write_text(
        "<html><body><p>A peace officer <del>may</del> <ins>shall not</ins> raise the defense of "
        "<s>good faith or</s> qualified immunity.</p>"
        "<p><span style='text-decoration: line-through'>The court may award fees.</span></p>"
        "<p>Sec. 2. <u>Effective</u> on <strike>July</strike> passage.</p></body></html>"
    )
    document = load_document(path)
    assert document.text.splitlines() == [
        "A peace officer shall not raise the defense of qualified immunity.", "Sec. 2. Effective on passage."]
    struck = [(d.text, d.reason) for d in document.dropped]
    assert struck == [("may", "strikethrough"), ("good faith or", "strikethrough"),
                      ("The court may award fees.", "strikethrough"), ("July", "strikethrough")]
    first, second, third, fourth = document.dropped
    assert document.text[:first.offset].endswith("A peace officer ")
    assert document.text[:second.offset].endswith("defense of ")
    assert document.text[:fourth.offset].endswith("Effective on ")


def test_uslm_del_is_dropped(tmp_path):
    path = tmp_path / "amend.xml"
    path.write_text('<?xml version="1.0"?><bill xmlns="http://xml.house.gov/schemas/uslm/1.0"><main>'
                    "<section><num>1.</num><content>Officers <del>may</del><ins>shall not</ins> claim immunity.</content>"
                    "</section></main></bill>")
    document = load_document(path)
    assert document.text == "1. Officers shall not claim immunity."
    assert [(d.text, d.reason, document.text[:d.offset]) for d in document.dropped] == [("may", "deleted", "1. Officers ")]


def test_html_article_header_is_content_page_header_is_not(tmp_path):
    path = tmp_path / "bill.html"
    path.write_text("<html><body><header>State Legislature Home | Search</header><main><article>"
                    "<header><h1>SENATE BILL 12</h1></header><p>Section 1. Text.</p>"
                    "<footer>Effective upon passage.</footer></article></main><footer>Contact us</footer></body></html>")
    assert load_document(path).text.splitlines() == ["SENATE BILL 12", "Section 1. Text.", "Effective upon passage."]
