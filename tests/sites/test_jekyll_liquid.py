"""Liquid in Jekyll link destinations and reference definitions, as Jekyll renders it before
kramdown: exact values for each form, and a corpus where opaque Liquid is no finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_index.sites.jekyll_liquid import (
    definition,
    inline_destinations,
    labels_defined,
    render_url,
)
from graph import analyze


@pytest.mark.parametrize(("href", "rendered"), [
    ("{{ '/docs/x/' | relative_url }}", "/blog/docs/x/"),
    ("{{ 'docs/x/' | relative_url }}#part", "/blog/docs/x/#part"),
    ('{{"/x" | absolute_url}}', "/blog/x"),
    ("{{- '/x' | relative_url -}}", "/blog/x"),
    ("{{ '/x' | prepend: site.baseurl }}", "/blog/x"),
    ("{{ site.baseurl }}/x", "/blog/x"),
    ("{{ site.url }}{{ site.baseurl }}/x", "/blog/x"),
    ("plain.html", "plain.html"),
    ("{{ site.repository }}/issues", None),
    ("{{ page.url }}", None),
    ("/x/{{ site.url }}", None),
    ("{{ '/x' | upcase }}", None),
    ("{{ site.baseurl }}/{% post_url 2024-01-02-x %}", None),
    ("{{ '/x' | relative_url", None),
])
def test_render_url(href: str, rendered: str | None) -> None:
    assert render_url(href, "/blog") == rendered


def test_inline_destinations_are_those_markdown_does_not_read() -> None:
    line = ("[a]({{ '/x/' | relative_url }}#y) [b]({{site.baseurl}}/z) "
            "[c]( {{ site.repository }}/issues) [d]({% link x.md %})")
    assert [(d.col, d.text) for d in inline_destinations(line)] == [
        (4, "{{ '/x/' | relative_url }}#y"), (63, "{{ site.repository }}/issues")]


@pytest.mark.parametrize(("line", "plain", "found"), [
    ("[r]: {{ site.repository }}/issues/1", False, ("r", 5, "{{ site.repository }}/issues/1")),
    ("   [#{{ n }}]: {{ site.repository }}/issues/{{ n }}", False,
     ("#{{ n }}", 15, "{{ site.repository }}/issues/{{ n }}")),
    ("[#{{ n }}]: https://x/{{n}}", False, ("#{{ n }}", 12, "https://x/{{n}}")),
    ("[p]: https://x", False, None),
    ("[p]: https://x", True, ("p", 5, "https://x")),
    ("[^1]: {{ site.x }}", False, None),
    ("    [r]: {{ site.x }}", False, None),
    ("[r] {{ site.x }}", False, None),
])
def test_definitions_written_with_liquid(line: str, plain: bool,
                                         found: tuple[str, int, str] | None) -> None:
    made = definition(line, plain)
    assert (None if made is None else
            (made.label, made.destination.col, made.destination.text)) == found


def test_a_label_with_liquid_defines_every_use_it_renders_to() -> None:
    uses = ["#1037", "#1", "1037", "#10X37", "ROADMAP"]
    assert labels_defined("#{{ issue }}", uses) == ["#1037", "#1", "#10X37"]
    assert labels_defined("#10{{ a }}3{{ b }}", uses) == ["#1037", "#10X37"]
    assert labels_defined("Roadmap", uses) == ["ROADMAP"]


def test_opaque_liquid_is_no_missing_file_and_defines_its_labels(tmp_path: Path) -> None:
    """jekyll/jekyll's news posts: definitions whose URL is `{{ site.repository }}…`,
    written one by one or by a loop, and a plain definition after one in the same
    paragraph; `{% raw %}` and `{% highlight %}` hold code. Only the real defects stay."""
    (tmp_path / "_config.yml").write_text("repository: https://github.com/o/r\n",
                                          encoding="utf-8")
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "news.md").write_text(
        "---\n---\n"
        "Fixed ([#1037][]), ([#1040][]), see the [roadmap][] and [bugs][2], [talk][3].\n"
        "[Repo]({{ site.repository }}) <a href=\"{{ site.repository }}/x\">x</a> "
        "[page]({{page.url}}) [gone][] [missing]({{ '/nope/' | relative_url }})\n\n"
        "{% assign ns = \"1037|1040\" | split: \"|\" %}\n{% for n in ns %}\n"
        "[#{{ n }}]: {{ site.repository }}/issues/{{ n }}\n{% endfor %}\n\n"
        "[roadmap]: {{ site.repository }}/issues/9156\n"
        "[2]: {{ site.repository }}/issues\n[3]: https://talk.example/\n\n"
        "{% highlight diff %}\n{% raw %}\n- {{ site.baseurl }}/{% post_url 2018-03-20-x %}\n"
        "+ {% post_url 2018-03-20-x.markdown %}\n{% endraw %}\n{% endhighlight %}\n"
        "{% comment %}[c]({% link gone.md %}){% endcomment %}\n",
        encoding="utf-8")
    assert [f"{f.loc}: {f.rule_id}" for f in sorted(analyze(tmp_path).findings)] == [
        "news.md:4:92: RG103", "news.md:4:111: RG101"]
