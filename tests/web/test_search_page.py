"""The search page: every parameter, facets and their links, chips, sort, pagination."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.web.helpers import facet_links, parse, query


def test_browse_mode_newest_first_with_facets(client: FlaskClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    doc = parse(r.data)
    assert doc.get("lang") == "vi"
    assert "Kết quả 1–10 / 33 bài viết" in doc.xpath('string(//*[@id="result-line"])')
    dates = doc.xpath('//ol[@class="hits"]//time/@datetime')
    assert dates == sorted(dates, reverse=True)
    assert facet_links(doc, "topic") and facet_links(doc, "province")
    assert len(doc.xpath("//h1")) == 1


def test_query_result_line_and_search_box(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=duong&page=2").data)
    line = " ".join(doc.xpath('string(//*[@id="result-line"])').split())
    assert line.startswith("Kết quả 11–20 / ") and line.endswith("cho «duong»")
    assert doc.xpath('//*[@id="result-line"]/@aria-live') == ["polite"]
    assert doc.xpath('//input[@id="q"]/@value') == ["duong"]
    hit = doc.xpath('//li[@class="hit"]')[0]
    href = hit.xpath(".//h2/a/@href")[0]
    assert href.startswith("/articles/") and query(href) == [("hl", "duong")]
    assert hit.xpath(".//h2/a/mark")  # title_html is used
    assert hit.xpath(".//p[@class='snippet']/mark")


def test_dates_are_shown_day_first(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=tin+%C4%91%E1%BB%99c").data)
    assert "20/02/2024" in doc.xpath('string(//li[@class="hit"]//time)')


def test_topic_facet_toggles_and_counts_are_disjunctive(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=duong").data)
    topics = facet_links(doc, "topic")
    href, count, selected = topics["Kinh tế"]
    assert not selected and query(href) == [("q", "duong"), ("topic", "Kinh tế")]
    doc2 = parse(client.get(href).data)
    assert f"/ {count} cho" in doc2.xpath('string(//*[@id="result-line"])')
    topics2 = facet_links(doc2, "topic")
    # the chosen value is checked, and the other topics keep their counts (disjunctive)
    assert topics2["Kinh tế"][2] is True
    assert topics2["Giáo dục"][1] == topics["Giáo dục"][1]
    assert query(topics2["Kinh tế"][0]) == [("q", "duong")]  # clicking again removes it
    # a second topic is ORed
    both = parse(client.get(topics2["Giáo dục"][0]).data)
    total = count + topics["Giáo dục"][1]
    assert f"/ {total} cho" in both.xpath('string(//*[@id="result-line"])')


def test_province_repeated_is_or_and_other_facets_narrow(client: FlaskClient) -> None:
    one = client.get("/api/search?province=H%C3%A0+N%E1%BB%99i").json
    two = client.get("/api/search?province=H%C3%A0+N%E1%BB%99i&province=C%E1%BA%A7n+Th%C6%A1").json
    assert one is not None and two is not None
    assert two["total"] > one["total"] > 0
    topics = {f["value"]: f["count"] for f in one["facets"]["topic"]}
    assert sum(topics.values()) == one["total"]


def test_long_province_list_folds_and_has_a_filter_box(client: FlaskClient) -> None:
    doc = parse(client.get("/").data)
    section = doc.xpath('//section[contains(@class,"facet-province")]')[0]
    assert len(section.xpath("./ul/li")) == 8
    assert section.xpath('.//details[@class="facet-more"]/summary')
    assert section.xpath('.//input[@id="province-filter"]') and section.xpath(
        './/label[@for="province-filter"]'
    )


def test_selected_value_stays_visible_even_beyond_top8(client: FlaskClient) -> None:
    doc = parse(client.get("/").data)
    last = list(facet_links(doc, "province"))[-1]
    chosen = parse(client.get(facet_links(doc, "province")[last][0]).data)
    top = chosen.xpath('//section[contains(@class,"facet-province")]/ul//a[@aria-current="true"]')
    assert len(top) == 1 and last in top[0].text_content()


def test_year_then_month_facets(client: FlaskClient) -> None:
    doc = parse(client.get("/").data)
    years = doc.xpath('//ul[@class="histogram"]//a')
    labels = [a.xpath('string(.//span[@class="h-label"])') for a in years]
    assert labels == sorted(labels) and "2023" in labels
    assert all(a.xpath('.//span[starts-with(@class,"bar bar-")]') for a in years)
    href = years[labels.index("2023")].get("href")
    assert query(href) == [("from", "2023-01-01"), ("to", "2023-12-31")]
    doc2 = parse(client.get(href).data)
    assert doc2.xpath('//h4[text()="Tháng"]')
    months = doc2.xpath('//ul[@class="histogram"][2]//a')
    assert months and query(months[0].get("href"))[0][0] == "from"
    for d in doc2.xpath('//ol[@class="hits"]//time/@datetime'):
        assert d.startswith("2023-")


def test_date_form_and_range(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=duong&topic=Kinh+t%E1%BA%BF").data)
    form = doc.xpath('//form[@class="date-form"]')[0]
    assert form.get("method") == "get"
    assert form.xpath('.//input[@type="date"][@name="from"]') and form.xpath(
        './/label[@for="date-to"]'
    )
    hidden = [(i.get("name"), i.get("value")) for i in form.xpath('.//input[@type="hidden"]')]
    assert hidden == [("q", "duong"), ("topic", "Kinh tế")]
    r = client.get("/api/search?from=2024-01-01&to=2024-12-31&per_page=100")
    assert r.json is not None
    assert all(h["date"].startswith("2024") for h in r.json["hits"])
    assert "month" in r.json["facets"]
    # empty date fields from the form mean "no filter"
    assert client.get("/?q=duong&from=&to=").status_code == 200


def test_chips_remove_each_filter_and_clear_all(client: FlaskClient) -> None:
    url = (
        "/?q=duong&topic=Kinh+t%E1%BA%BF&province=H%E1%BA%A3i+D%C6%B0%C6%A1ng"
        "&merged=1&from=2022-01-01"
    )
    doc = parse(client.get(url).data)
    chips = doc.xpath('//div[@class="chips"]/a')
    hrefs = {c.text_content().strip(): c.get("href") for c in chips}
    assert "Xóa tất cả" in hrefs and query(hrefs["Xóa tất cả"]) == [("q", "duong")]
    topic_chip = next(h for t, h in hrefs.items() if t.startswith("Chủ đề"))
    assert ("topic", "Kinh tế") not in query(topic_chip)
    assert ("province", "Hải Dương") in query(topic_chip)
    assert all(c.get("aria-label") for c in chips[:-1])


def test_sort_links(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=duong&page=2").data)
    links = {a.text_content(): a for a in doc.xpath('//nav[@class="sort"]/a')}
    assert links["Liên quan nhất"].get("aria-current") == "true"
    newest = links["Mới nhất"].get("href")
    assert query(newest) == [("q", "duong"), ("sort", "newest")]  # page reset
    dates = parse(client.get(newest).data).xpath('//ol[@class="hits"]//time/@datetime')
    assert dates == sorted(dates, reverse=True)
    oldest = client.get("/api/search?q=duong&sort=oldest").json
    assert oldest is not None
    got = [h["date"] for h in oldest["hits"]]
    assert got == sorted(got)
    # browsing has no relevance sort to offer
    browse = parse(client.get("/").data)
    assert [a.text_content() for a in browse.xpath('//nav[@class="sort"]/a')] == [
        "Mới nhất",
        "Cũ nhất",
    ]


def test_pagination(client: FlaskClient) -> None:
    doc = parse(client.get("/?page=2").data)
    nav = doc.xpath('//nav[@class="pagination"]')[0]
    assert nav.xpath('.//a[@rel="prev"]/@href') == ["/"]
    assert query(nav.xpath('.//a[@rel="next"]/@href')[0]) == [("page", "3")]
    assert nav.xpath('.//a[@aria-current="page"]/text()') == ["2"]
    last = parse(client.get("/?page=4").data)
    assert not last.xpath('//a[@rel="next"]')
    beyond = parse(client.get("/?page=50").data)
    assert "Trang 50 không có kết quả" in beyond.xpath('string(//*[@id="result-line"])')


def test_per_page(client: FlaskClient) -> None:
    doc = parse(client.get("/?per_page=5").data)
    assert len(doc.xpath('//li[@class="hit"]')) == 5
    assert ("per_page", "5") in query(doc.xpath('//a[@rel="next"]/@href')[0])


def test_merged_link(client: FlaskClient) -> None:
    doc = parse(client.get("/?province=H%E1%BA%A3i+D%C6%B0%C6%A1ng").data)
    href = doc.xpath('//p[@class="merged"]/a/@href')[0]
    assert ("merged", "1") in query(href)
    only = client.get("/api/search?province=H%E1%BA%A3i+D%C6%B0%C6%A1ng").json
    merged = client.get("/api/search?province=H%E1%BA%A3i+D%C6%B0%C6%A1ng&merged=1").json
    assert only is not None and merged is not None
    assert merged["total"] > only["total"]  # Hải Phòng's articles join Hải Dương's


def test_suggestion_and_empty_state(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=zzzyyyxxx&topic=Kinh+t%E1%BA%BF").data)
    assert "Không tìm thấy kết quả nào cho «zzzyyyxxx»" in doc.xpath(
        'string(//*[@id="result-line"])'
    )
    tips = doc.xpath('string(//div[@class="empty"])')
    assert "ít từ hơn" in tips and "Bỏ bộ lọc" in tips
    doc = parse(client.get("/?q=%C4%91%C6%B0%E1%BB%9Dng+zzzyyy").data)
    assert doc.xpath('//p[@class="notice"]') or doc.xpath('//div[@class="empty"]')


def test_fold_tip_for_accented_query_without_hits(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=%C4%91%C6%B0%E1%BB%9Dngzz").data)
    assert "Bỏ dấu" in doc.xpath('string(//div[@class="empty"])')


def test_atom_alternate_link_and_formats(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=duong&page=2").data)
    alt = doc.xpath('//link[@rel="alternate"][@type="application/atom+xml"]/@href')
    assert alt and query(alt[0]) == [("q", "duong"), ("format", "atom")]
    formats = doc.xpath('//p[@class="formats"]/a/@href')
    assert any(("format", "csv") in query(h) for h in formats)
    assert any(h.startswith("/api/search?") for h in formats)


def test_page_weight(client: FlaskClient) -> None:
    html = client.get("/").data
    with client.get("/static/style.css") as r1, client.get("/static/app.js") as r2:
        css, js = r1.data, r2.data
    assert len(html) + len(css) + len(js) <= 60 * 1024


def test_corrected_results_with_a_link_to_the_query_as_typed(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=duonh").data)  # "đường/Dương" with a slip
    notice = doc.xpath('//p[contains(@class, "corrected")]')
    assert notice and "Đang hiển thị kết quả cho" in notice[0].text_content()
    assert doc.xpath('//li[@class="hit"]')
    link = notice[0].xpath(".//a")[0]
    assert link.text_content() == "duonh" and ("verbatim", "1") in query(link.get("href"))
    typed = parse(client.get(link.get("href")).data)
    assert not typed.xpath('//p[contains(@class, "corrected")]')
    api = client.get("/api/search?q=duonh").json
    assert api is not None and api["corrected_from"] == "duonh" and api["fallback"] == "corrected"
    # a new query from the search box is corrected again: that form drops verbatim
    box = typed.xpath('//form[.//input[@name="q"][not(@type="hidden")]]')[0]
    assert "verbatim" not in box.xpath(".//input/@name")


def test_sort_marked_current_is_the_sort_applied(client: FlaskClient) -> None:
    # only exclusions: there is no relevance, the library sorts newest and the page says so
    doc = parse(client.get("/?q=-covid").data)
    current = doc.xpath('//nav[@class="sort"]/a[@aria-current="true"]/text()')
    assert current == ["Mới nhất"]
