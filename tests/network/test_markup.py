from network.markup import render_markdown


def test_markdown_becomes_html():
    html = render_markdown("Some *emphasis* and **strength**.\n\n- one\n- two")
    assert "<em>emphasis</em>" in html
    assert "<strong>strength</strong>" in html
    assert "<li>one</li>" in html


def test_raw_html_is_shown_as_text_never_run():
    html = render_markdown('<script>alert("x")</script> <img src=x onerror="alert(1)">')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "onerror" not in html or "&lt;img" in html


def test_dangerous_link_schemes_are_dropped():
    html = render_markdown("[click](javascript:alert(1)) and [data](data:text/html;base64,xx)")
    assert "<a" not in html
    assert "href" not in html


def test_links_are_marked_as_user_content():
    html = render_markdown("See [our site](https://example.org) and https://example.com/x")
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://example.com/x"' in html


def test_images_from_other_hosts_are_not_embedded():
    html = render_markdown("![tracking pixel](https://tracker.example/p.gif)")
    assert "<img" not in html
    assert 'href="https://tracker.example/p.gif"' in html


def test_headings_sit_below_the_page_headings():
    html = render_markdown("# Title\n\n## Sub\n\n###### Deep")
    assert "<h3>Title</h3>" in html
    assert "<h4>Sub</h4>" in html
    assert "<h6>Deep</h6>" in html
    assert "<h1" not in html


def test_empty_source_renders_nothing():
    assert render_markdown("   \n") == ""


def test_sanitizer_strips_what_markdown_would_never_make():
    from network.markup import sanitize_html

    html = sanitize_html(
        '<p onclick="x()">hi<iframe src="https://evil.example"></iframe>'
        '<a href="javascript:alert(1)">a</a><style>p{}</style></p>'
    )
    assert "onclick" not in html
    assert "<iframe" not in html
    assert "javascript:" not in html
    assert "<style" not in html
    assert "hi" in html


def test_mentions_of_members_become_profile_links(db):
    from network.markup import render
    from tests.factories import UserFactory

    UserFactory(username="rosa_b")
    rendered = render(
        "Thanks @rosa_b and @nobody_here! Mail me@example.org, "
        "see [@rosa_b](https://x.org), `@rosa_b`",
        link_mentions=True,
    )

    assert rendered.mentions == ["rosa_b"]
    assert rendered.html.count('class="mention"') == 1
    assert '<a href="/members/rosa_b/" class="mention"' in rendered.html or (
        'class="mention" href="/members/rosa_b/"' in rendered.html
    )
    assert "@nobody_here" in rendered.html
    assert "me@example.org" in rendered.html
    assert rendered.link_count == 2  # the link and the email address; mentions do not count


def test_a_written_class_attribute_never_survives():
    from network.markup import sanitize_html

    assert "evil" not in sanitize_html('<a href="https://x.org" class="evil mention">x</a>')
