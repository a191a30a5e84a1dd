"""``budgetgen serve`` through Starlette's TestClient: the pages, live updates, editions, the ways
in, and every safety rule (Host, token, Origin, paths, upload limits, CSP, no stack traces)."""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.serve.app import create_app
from generator.serve.library import Library

DATA = Path(__file__).resolve().parent.parent / "data"
BOOK = "songjiang-yibao-2025.yaml"
TOKEN = "t0ken"
POST = {"X-Budgetgen-Token": TOKEN}


def corrected(text: str) -> str:
    """A second edition of the 000 book, 开展医保业务项目支出 1万元 higher."""
    text = text.replace('{科目: "2101502", 项目支出: 896494.00}', '{科目: "2101502", 项目支出: 906494.00}')
    return text.replace("类型: 单位预算\n", f"类型: 单位预算\n版本:\n  版次: 2\n  日期: \"2025-03-10\"\n"
                        f"  更正原因: [开展医保业务项目支出少列1万元]\n  上一版: {BOOK}\n", 1)


def mutated(text: str) -> str:
    """The 000 book with 表8's 公用经费 one yuan off (an error in 表8) and a line whose code
    has no 说明 (a warning in 四、预算编制说明)."""
    text = text.replace('{科目: "30201", 公用经费: 81360.00}', '{科目: "30201", 公用经费: 81361.00}')
    return text.replace('  - {科目: "2101504", 项目支出: 147600.00}\n',
                        '  - {科目: "2101504", 项目支出: 147600.00}\n  - {科目: "2109999", 项目支出: 100.00}\n')


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("books")
    shutil.copy(DATA / BOOK, root / BOOK)
    (root / "wrong.yaml").write_text(mutated((DATA / BOOK).read_text(encoding="utf-8")), encoding="utf-8")
    (root / "corrected.yaml").write_text(corrected((DATA / BOOK).read_text(encoding="utf-8")),
                                         encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "broken.yaml").write_text("预算年度: 2025\n地区 上海市\n", encoding="utf-8")
    (root / "latin1.yaml").write_bytes("地区: 上海".encode("gb18030"))
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.yaml").write_text("预算年度: 2025\n", encoding="utf-8")
    try:
        (root / "link.yaml").symlink_to(outside / "secret.yaml")
        (root / "linkdir").symlink_to(outside, target_is_directory=True)
    except OSError:  # Windows without the right to make links
        pass
    return root


@pytest.fixture(scope="module")
def client(folder: Path) -> TestClient:
    return TestClient(create_app(folder, ["testserver"], token=TOKEN), raise_server_exceptions=False)


def library_of(client: TestClient) -> Library:
    library: Library = client.app.app.state.library  # type: ignore[attr-defined]  # behind the Guard
    return library


def listed(client: TestClient) -> str:
    """The home page once the background check has filled every state in."""
    client.get("/")
    library_of(client).settle()
    return client.get("/").text


def row_of(text: str, name: str) -> str:
    return text[text.index(f"{name}</a>"):].split("</tr>")[0]


def test_home_lists_every_book_with_its_state(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    # listed at once from a quick read; the states follow from the background check
    first = row_of(page.text, BOOK)
    assert "校验中" in first and "<td data-label=\"年度\">2025</td>" in first and "上海市松江区医疗保障局" in first
    assert 'data-pending="0"' not in page.text
    version = page.text.split('id="books" data-version="')[1].split('"')[0]
    library_of(client).settle()
    filled = client.get("/api/listing", params={"v": version}).json()
    assert filled["pending"] == 0 and "第1版" in row_of(filled["rows"], BOOK)
    assert "rows" not in client.get("/api/listing", params={"v": filled["version"]}).json()
    text = client.get("/").text
    assert 'href="/book?f=songjiang-yibao-2025.yaml"' in text and 'data-pending="0"' in text
    row = text[text.index("songjiang-yibao-2025.yaml</a>"):].split("</tr>")[0]
    assert "<td data-label=\"年度\">2025</td>" in row and "上海市松江区医疗保障局" in row and "第1版" in row and "通过" in row
    wrong = text[text.index("wrong.yaml</a>"):].split("</tr>")[0]
    assert "1 个错误" in wrong and "1 个警告" in wrong
    broken = text[text.index("sub/broken.yaml</a>"):].split("</tr>")[0]
    assert "个错误" in broken
    assert "latin1.yaml" in text and "无法读取" in text
    assert "secret" not in text  # the linked file lies outside the folder


def test_book_page_groups_findings_and_points_into_the_book(client: TestClient) -> None:
    page = client.get("/book", params={"f": "wrong.yaml"})
    assert page.status_code == 200
    text = page.text
    assert "共 1 个错误，1 个警告" in text
    assert text.index("<h3>四、预算编制说明</h3>") < text.index("<h3>五、预算表</h3>")
    assert 'data-target="fact:表8/合计/公用经费"' in text
    assert 'data-target="#explanation"' in text
    assert "wrong.yaml:" in text and str(client.app.app.state.library.root) not in text.split("<aside")[1]
    preview = client.get("/preview", params={"f": "wrong.yaml"})
    assert 'data-fact="表8/合计/公用经费"' in preview.text and "校验未通过" in preview.text
    assert "script-src" not in preview.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in preview.headers["content-security-policy"]


def test_a_reviewed_warning_is_shown_as_reviewed_with_its_reason(client: TestClient, folder: Path) -> None:
    text = mutated((DATA / BOOK).read_text(encoding="utf-8")).replace("81361.00", "81360.00")
    text += ("已核实:\n  - 代码: explanation.missing-use\n    位置: \"2109999\"\n"
             "    理由: 其他卫生健康支出按局党组决定列支，说明另行公开\n")
    (folder / "reviewed.yaml").write_text(text, encoding="utf-8")
    row = listed(client).split("reviewed.yaml</a>")[1].split("</tr>")[0]
    assert "1 个已核实" in row and "个警告" not in row and "通过" in row
    page = client.get("/book", params={"f": "reviewed.yaml"}).text
    assert "共 0 个错误，0 个警告，1 个已核实。" in page
    assert "已核实：其他卫生健康支出按局党组决定列支，说明另行公开" in page


def test_a_broken_file_shows_its_findings_never_a_trace(client: TestClient) -> None:
    page = client.get("/book", params={"f": "sub/broken.yaml"})
    assert page.status_code == 200
    assert "sub/broken.yaml:2:" in page.text and "Traceback" not in page.text
    preview = client.get("/preview", params={"f": "sub/broken.yaml"})
    assert "无法排出预览" in preview.text
    unreadable = client.get("/book", params={"f": "latin1.yaml"})
    assert unreadable.status_code == 200 and "UTF-8" in unreadable.text


def test_the_page_follows_the_file_on_disk(client: TestClient, folder: Path) -> None:
    path = folder / "live.yaml"
    path.write_text((DATA / BOOK).read_text(encoding="utf-8"), encoding="utf-8")
    first = client.get("/api/state", params={"f": "live.yaml", "v": "0"}).json()
    assert "没有发现问题" in first["findings"]
    same = client.get("/api/state", params={"f": "live.yaml", "v": first["version"]}).json()
    assert same == {"version": first["version"], "seconds": first["seconds"]}  # nothing new
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("81360.00", "81361.00"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, and a coarse clock: same time
    changed = client.get("/api/state", params={"f": "live.yaml", "v": first["version"]}).json()
    assert changed["version"] > first["version"]
    assert "共 1 个错误，0 个警告" in changed["findings"]


def test_an_edition_is_built_once_and_downloads(client: TestClient) -> None:
    started = client.post("/build", data={"f": BOOK, "fmt": "xlsx"}, headers=POST).json()
    again = client.post("/build", data={"f": BOOK, "fmt": "xlsx"}, headers=POST).json()
    assert again["stage"] in ("queued", "validate", "derive", "render", "done")
    builds = client.app.app.state.builds
    assert builds.status(BOOK, "xlsx") is builds.start(
        BOOK, client.app.app.state.library.root / BOOK, "xlsx")  # one build per book and format
    for _ in range(300):
        job = client.get("/build", params={"f": BOOK, "fmt": "xlsx"}).json()
        if job["stage"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["stage"] == "done", job
    assert started["label"] in ("排队等候", "校验数据", "推导各表", "排版生成", "已完成")
    got = client.get("/download", params={"f": BOOK, "fmt": "xlsx"})
    assert got.status_code == 200
    assert got.headers["content-type"] == ("application/vnd.openxmlformats-officedocument"
                                           ".spreadsheetml.sheet")
    assert "attachment" in got.headers["content-disposition"]
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(got.content)).namelist()


def test_a_book_with_errors_is_not_built(client: TestClient) -> None:
    client.post("/build", data={"f": "wrong.yaml", "fmt": "pdf"}, headers=POST)
    for _ in range(100):
        job = client.get("/build", params={"f": "wrong.yaml", "fmt": "pdf"}).json()
        if job["stage"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["stage"] == "failed" and job["message"] == "共 1 个错误，1 个警告：请先改正错误再生成。"
    assert client.get("/download", params={"f": "wrong.yaml", "fmt": "pdf"}).status_code == 404


# --- safety ---------------------------------------------------------------------------------
def test_requests_for_another_host_are_refused(client: TestClient) -> None:
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example"):
        answer = client.get("/", headers={"Host": host})
        assert answer.status_code == 421 and "Host" in answer.text
    assert client.get("/", headers={"Host": "TestServer"}).status_code == 200


def test_state_changes_need_the_token_and_our_origin(client: TestClient, folder: Path) -> None:
    form = {"name": "tokenless", "shape": "单位", "level": "区级", "year": "2026", "format": "yaml"}
    assert client.post("/new", data=form).status_code == 403
    assert client.post("/new", data=form, headers={"X-Budgetgen-Token": "wrong"}).status_code == 403
    evil = {**POST, "Origin": "http://evil.example"}
    assert client.post("/new", data=form, headers=evil).status_code == 403
    assert not (folder / "tokenless.yaml").exists()
    assert TOKEN in client.get("/").text  # the pages carry it


@pytest.mark.parametrize("name", ["../secret.yaml", "/etc/passwd", "..%2fsecret.yaml", "sub/../../x.yaml",
                                  "link.yaml", "linkdir/secret.yaml", "sub\\..\\..\\x.yaml",
                                  "C:/Windows/win.ini", ".budgetgen/index.json", "sub%2f..%2f..%2fx.yaml"])
def test_nothing_outside_the_folder_is_served(client: TestClient, name: str) -> None:
    for route in ("/book", "/preview", "/api/state", "/diff"):
        assert client.get(route, params={"f": name}).status_code == 404
    assert client.get(f"/book?f={name}").status_code == 404  # sent as typed (encoded slashes)
    assert client.post("/next-year", data={"f": name}, headers=POST).status_code == 404
    assert client.post("/build", data={"f": name, "fmt": "pdf"}, headers=POST).status_code == 404


@pytest.mark.parametrize("path", ["/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/serve.css",
                                  "/static/../../generator/cli.py"])
def test_static_serves_its_own_files_only(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404
    script = client.get("/static/serve.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", ["../escape.yaml", "/tmp/escape.yaml", "linkdir/escape.yaml", ".hidden.yaml"])
def test_nothing_is_written_outside_the_folder(client: TestClient, folder: Path, name: str) -> None:
    form = {"name": name, "shape": "单位", "level": "区级", "year": "2026", "format": "yaml"}
    answer = client.post("/new", data=form, headers=POST)
    assert answer.status_code == 409 and "只能写在本文件夹之内" in answer.json()["error"]
    assert not (folder.parent / "escape.yaml").exists() and not Path("/tmp/escape.yaml").exists()


def test_every_response_carries_the_policy(client: TestClient) -> None:
    for path in ("/", "/book?f=songjiang-yibao-2025.yaml", "/static/serve.css", "/nowhere"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert "http" not in policy  # nothing from outside
    assert client.get("/nowhere").text == "找不到这个页面或文件。"


# --- ways in --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def workbook() -> bytes:
    from generator.pipeline import publish, validate
    from generator.writers import WRITERS

    return WRITERS["xlsx"](publish(validate(str(DATA / BOOK))))


def test_a_dropped_workbook_becomes_a_data_file_never_overwriting(client: TestClient, folder: Path,
                                                                   workbook: bytes) -> None:
    files = {"file": ("本单位.xlsx", workbook, "application/octet-stream")}
    first = client.post("/upload", files=files, headers=POST).json()
    assert first["written"] is True and first["target"] == "本单位.yaml"
    assert "支出明细" in first["html"] and "已写出" in first["html"]
    written = (folder / "本单位.yaml").read_text(encoding="utf-8")
    assert "2101501" in written and "预算年度: 2025" in written
    (folder / "本单位.yaml").write_text(written + "# officer's note\n", encoding="utf-8")
    second = client.post("/upload", files=files, headers=POST).json()
    assert second["written"] is False and "文件已存在时覆盖" in second["html"]
    assert (folder / "本单位.yaml").read_text(encoding="utf-8").endswith("# officer's note\n")
    pending = second["html"].split('name="id" value="')[1].split('"')[0]
    refused = client.post("/upload/confirm", data={"id": pending}, headers=POST)
    assert refused.status_code == 409 and "不会覆盖" in refused.json()["error"]
    confirmed = client.post("/upload/confirm", data={"id": pending, "overwrite": "1"}, headers=POST)
    assert confirmed.json()["redirect"] == "/book?f=%E6%9C%AC%E5%8D%95%E4%BD%8D.yaml"
    assert not (folder / "本单位.yaml").read_text(encoding="utf-8").endswith("# officer's note\n")


def test_uploads_keep_to_the_limits(client: TestClient) -> None:
    def send(name: str, data: bytes) -> tuple[int, str]:
        answer = client.post("/upload", files={"file": (name, data)}, headers=POST)
        return answer.status_code, answer.json()["error"]

    assert send("x.exe", b"MZ") == (400, "无法读取 .exe 文件；可读取：Excel 工作簿（.xlsx）、已公开的预算文本（.pdf 或 .txt）")
    assert send("x.xlsx", b"not a zip")[1] == "这不是 Excel 工作簿（.xlsx）：文件无法打开"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"0" * (210 * 1048576))
    status, error = send("bomb.xlsx", bomb.getvalue())
    assert status == 400 and "超过上限 50.0 MB 或 100 倍压缩比" in error  # the limits of `import`
    status, error = send("big.txt", b"x" * (10 * 1048576 + 1))
    assert status == 400 and "超过上限 10 MB" in error
    too_big = client.post("/upload", content=b"x", headers={**POST, "content-length": str(60 * 1048576)})
    assert too_big.status_code == 413


def test_a_workbook_that_is_no_budget_writes_nothing(client: TestClient, folder: Path) -> None:
    import openpyxl

    staff = openpyxl.Workbook()
    staff.active.append(["序号", "姓名", "部门", "工资（元）"])
    staff.active.append([1, "张三", "办公室", 8500])
    stream = io.BytesIO()
    staff.save(stream)
    for name, data in (("名单.xlsx", stream.getvalue()), ("空.xlsx", _empty_workbook())):
        answer = client.post("/upload", files={"file": (name, data)}, headers=POST)
        assert answer.status_code == 400
        error = answer.json()["error"]
        assert error.startswith(f"{name}：工作簿中没有找到预算表") and "未写出数据文件" in error
        assert "已写出" not in error
        assert not (folder / name).with_suffix(".yaml").exists()


def _empty_workbook() -> bytes:
    import openpyxl

    stream = io.BytesIO()
    openpyxl.Workbook().save(stream)
    return stream.getvalue()


def test_an_old_excel_file_is_asked_to_be_saved_as_xlsx(client: TestClient) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    for name in ("旧表.xls", "改名.xlsx"):
        answer = client.post("/upload", files={"file": (name, ole)}, headers=POST)
        assert answer.status_code == 400
        assert "Excel 97-2003" in answer.json()["error"] and "另存为" in answer.json()["error"]


def test_new_writes_a_starter_or_a_blank_workbook(client: TestClient, folder: Path) -> None:
    form = {"name": "新单位", "shape": "单位", "level": "区级", "year": "2027", "format": "yaml"}
    answer = client.post("/new", data=form, headers=POST).json()
    assert answer == {"message": "已写出 新单位.yaml", "redirect": "/book?f=%E6%96%B0%E5%8D%95%E4%BD%8D.yaml"}
    assert "预算年度: 2027" in (folder / "新单位.yaml").read_text(encoding="utf-8")
    again = client.post("/new", data=form, headers=POST)
    assert again.status_code == 409 and "已存在：不会覆盖" in again.json()["error"]
    blank = client.post("/new", data={**form, "format": "xlsx"}, headers=POST).json()
    assert blank["message"] == "已写出 新单位.xlsx"
    assert "xl/workbook.xml" in zipfile.ZipFile(folder / "新单位.xlsx").namelist()
    assert "新单位.xlsx" in client.get("/").text


def test_next_year_writes_the_draft_beside_the_book(client: TestClient, folder: Path) -> None:
    answer = client.post("/next-year", data={"f": BOOK}, headers=POST).json()
    assert answer["message"].startswith("已写出 songjiang-yibao-2026.yaml：")
    assert "预算年度: 2026" in (folder / "songjiang-yibao-2026.yaml").read_text(encoding="utf-8")
    row = listed(client).split("songjiang-yibao-2026.yaml</a>")[1].split("</tr>")[0]
    assert '<span class="draft">草稿</span>' in row  # the next-year 草稿 is listed as one
    again = client.post("/next-year", data={"f": BOOK}, headers=POST)
    assert again.status_code == 409 and "已存在" in again.json()["error"]
    refused = client.post("/next-year", data={"f": "wrong.yaml"}, headers=POST)
    assert refused.status_code == 409 and "请先改正本年数据的错误" in refused.json()["error"]


def test_a_corrected_edition_links_its_diff(client: TestClient) -> None:
    page = client.get("/book", params={"f": "corrected.yaml"}).text
    assert 'href="/diff?f=corrected.yaml"' in page and "第2版（2025-03-10）" in page
    diff = client.get("/diff", params={"f": "corrected.yaml"})
    assert diff.status_code == 200 and "版本比较" in diff.text and "906,494.00" in diff.text
    assert client.get("/diff", params={"f": BOOK}).status_code == 404  # a first edition
    assert 'href="/diff' not in client.get("/book", params={"f": BOOK}).text


def test_a_corrected_edition_is_made_from_the_page(client: TestClient, folder: Path) -> None:
    import datetime

    today = datetime.date.today().isoformat()
    original = (folder / BOOK).read_text(encoding="utf-8")
    page = client.get("/book", params={"f": BOOK}).text
    assert 'data-post="/correct"' in page and 'value="songjiang-yibao-2025-v2.yaml"' in page
    form = {"f": BOOK, "reasons": "机构设置中漏列内设机构医保中心\n\n  开展医保业务项目支出少列1万元 \n"}
    assert client.post("/correct", data=form).status_code == 403  # no token
    answer = client.post("/correct", data=form, headers=POST).json()
    assert answer == {"message": "已写出 songjiang-yibao-2025-v2.yaml：请在这个文件中改正错误",
                      "redirect": "/book?f=songjiang-yibao-2025-v2.yaml"}
    block = (f"版本:\n  版次: 2\n  日期: '{today}'\n  更正原因:\n    - 机构设置中漏列内设机构医保中心\n"
             f"    - 开展医保业务项目支出少列1万元\n  上一版: {BOOK}\n")
    copy = (folder / "songjiang-yibao-2025-v2.yaml").read_text(encoding="utf-8")
    assert copy.replace(block, "", 1) == original  # the officer's file, comments and all, plus the block
    assert copy.index("类型: 单位预算") < copy.index(block) < copy.index("选项:")
    again = client.post("/correct", data=form, headers=POST)
    assert again.status_code == 409 and "已存在：不会覆盖" in again.json()["error"]
    assert client.post("/correct", data={**form, "overwrite": "1"}, headers=POST).status_code == 200
    for bad, said in ((({"reasons": " \n"}), "请写上更正原因"), ({"name": "../v2.yaml"}, "只能写在本文件夹之内"),
                      ({"name": BOOK}, "原来的文件是上一版的依据")):
        refused = client.post("/correct", data={**form, **bad}, headers=POST)
        assert refused.status_code == 409 and said in refused.json()["error"]
    # its page: the edition, the diff against 上一版 (live), the book marked as corrected
    v2 = client.get("/book", params={"f": "songjiang-yibao-2025-v2.yaml"}).text
    assert f"第2版（{today}）" in v2 and f"与上一版（{BOOK}）的差别" in v2
    assert 'src="/diff?f=songjiang-yibao-2025-v2.yaml&amp;v=' in v2
    assert 'value="songjiang-yibao-2025-v3.yaml"' in v2  # its own correction would be the third
    (folder / "songjiang-yibao-2025-v2.yaml").write_text(
        copy.replace('{科目: "2101502", 项目支出: 896494.00}', '{科目: "2101502", 项目支出: 906494.00}'),
        encoding="utf-8")
    diff = client.get("/diff", params={"f": "songjiang-yibao-2025-v2.yaml"}).text
    assert "版本比较" in diff and "896,494.00" in diff and "906,494.00" in diff
    preview = client.get("/preview", params={"f": "songjiang-yibao-2025-v2.yaml"}).text
    assert "（更正版）" in preview and "更正说明" in preview and "机构设置中漏列内设机构医保中心" in preview
    third = client.post("/correct", data={"f": "songjiang-yibao-2025-v2.yaml", "reasons": "再次更正"},
                        headers=POST).json()
    assert third["redirect"] == "/book?f=songjiang-yibao-2025-v3.yaml"
    v3 = (folder / "songjiang-yibao-2025-v3.yaml").read_text(encoding="utf-8")
    assert "  版次: 3\n" in v3 and "    - 再次更正\n  上一版: songjiang-yibao-2025-v2.yaml\n" in v3
    assert v3.count("版本:") == 1
    row = row_of(listed(client), "songjiang-yibao-2025-v3.yaml")
    # listed as the third edition; until the officer corrects something in it, it says so
    assert f"第3版（{today}）" in row and "1 个警告" in row
    page = client.get("/book", params={"f": "songjiang-yibao-2025-v3.yaml"}).text
    assert "edition.unchanged" in page and "完全相同" in page


def test_a_corrected_edition_of_a_json_book_stays_json(tmp_path: Path) -> None:
    import json

    from generator.serve.ways_in import corrected_file

    data = {"预算年度": 2025, "地区": "上海市", "类型": "单位预算", "选项": {"总表支出类别": "全部"}}
    (tmp_path / "book.json").write_text(json.dumps(data, ensure_ascii=False, indent=4), encoding="utf-8")
    assert corrected_file(tmp_path, tmp_path / "book.json", ["更正"], today=__import__("datetime").date(
        2025, 3, 10)) == "book-v2.json"
    written = json.loads((tmp_path / "book-v2.json").read_text(encoding="utf-8"))
    assert list(written) == ["预算年度", "地区", "类型", "版本", "选项"]
    assert written["版本"] == {"版次": 2, "日期": "2025-03-10", "更正原因": ["更正"], "上一版": "book.json"}


def test_a_workbook_has_a_live_book_page(client: TestClient, folder: Path, workbook: bytes) -> None:
    import openpyxl

    path = folder / "live-book.xlsx"
    path.write_bytes(workbook)
    page = client.get("/book", params={"f": "live-book.xlsx"})
    assert page.status_code == 200 and "没有发现问题" in page.text
    assert "导入为数据文件" in page.text and "更正版要在数据文件中制作" in page.text
    assert "下一年度" not in page.text and 'data-post="/correct"' not in page.text
    preview = client.get("/preview", params={"f": "live-book.xlsx"}).text
    assert 'data-fact="表8/合计/人员经费"' in preview and "上海市松江区医疗保障局" in preview
    version = page.text.split('data-version="')[1].split('"')[0]
    assert "findings" not in client.get("/api/state", params={"f": "live-book.xlsx", "v": version}).json()
    sheets = openpyxl.load_workbook(path)
    sheets["支出明细"]["C6"] = 365208.36  # saved in Excel: one line a yuan higher than 表8 says
    sheets.save(path)
    answer = client.get("/api/state", params={"f": "live-book.xlsx", "v": version}).json()
    panel = answer["findings"]
    assert answer["title"] == "上海市松江区2025年区级单位预算（上海市松江区医疗保障局）"
    assert answer["edition"] == "第1版" and answer["previous"] == ""
    assert "共 1 个错误" in panel and 'data-target="fact:表8/合计/人员经费"' in panel
    assert "<code>live-book.xlsx!表1!B7</code>" in panel  # a figure of the workbook: its cell
    assert "<code>live-book.xlsx</code>" in panel and str(folder) not in panel
    refused = client.post("/correct", data={"f": "live-book.xlsx", "reasons": "x"}, headers=POST)
    assert refused.status_code == 400 and "请先点「导入为数据文件」" in refused.json()["error"]
    assert not (folder / "live-book-v2.xlsx").exists()
    assert not list(folder.glob("live-book*.yaml"))  # its copy is kept out of sight
    assert (folder / ".budgetgen" / "workbooks" / "live-book.yaml").exists()


def test_workbooks_in_the_folder_are_listed_and_imported(client: TestClient, folder: Path,
                                                         workbook: bytes) -> None:
    (folder / "filled.xlsx").write_bytes(workbook)
    row = row_of(listed(client), "filled.xlsx").split("</tr>")[0]
    assert "<td data-label=\"年度\">2025</td>" in row and "上海市松江区医疗保障局" in row and "导入为数据文件" in row
    answer = client.post("/import", data={"f": "filled.xlsx"}, headers=POST).json()
    assert answer["written"] is True and answer["target"] == "filled.yaml"
    assert "预算年度: 2025" in (folder / "filled.yaml").read_text(encoding="utf-8")
    again = client.post("/import", data={"f": "filled.xlsx"}, headers=POST).json()
    assert again["written"] is False  # the data file now exists: the officer decides
    pending = again["html"].split('name="id" value="')[1].split('"')[0]
    done = client.post("/upload/confirm", data={"id": pending, "name": "filled-2.yaml"}, headers=POST).json()
    assert done["message"] == "已写出 filled-2.yaml"
    assert (folder / "filled-2.yaml").read_text(encoding="utf-8") == (folder / "filled.yaml").read_text(
        encoding="utf-8")
    assert client.post("/import", data={"f": "../filled.xlsx"}, headers=POST).status_code == 404


# --- the command ----------------------------------------------------------------------------
def test_serve_refuses_a_taken_port_and_a_missing_folder(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    from generator.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", str(tmp_path), "--port", str(port)]) == 2
    assert f"无法在 127.0.0.1:{port} 上启动" in capsys.readouterr().err
    assert main(["serve", str(tmp_path / "nowhere")]) == 2
    assert "不是文件夹" in capsys.readouterr().err


def test_another_host_is_served_with_a_warning(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(tmp_path), "--port", "0",
                               "--host", "0.0.0.0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert server.stdout is not None and server.stderr is not None
        assert server.stderr.readline().startswith("警告：监听 0.0.0.0 时，能连到这台电脑的其他人")
        assert server.stdout.readline().startswith("budgetgen serve：http://0.0.0.0:")
    finally:
        server.terminate()
        server.wait(timeout=10)
        for stream in (server.stdout, server.stderr):
            if stream is not None:
                stream.close()


def test_two_builds_of_one_book_never_overlap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from generator import writers
    from generator.serve.builds import Builds
    from generator.serve.library import Library

    running, most = [0], [0]
    lock = threading.Lock()

    def slow(publication: object) -> bytes:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1
        return b"edition"

    monkeypatch.setitem(writers.WRITERS, "pdf", slow)
    monkeypatch.setitem(writers.WRITERS, "docx", slow)
    folder = tmp_path
    shutil.copy(DATA / BOOK, folder / BOOK)
    builds = Builds(Library(folder))
    jobs = [builds.start(BOOK, folder / BOOK, fmt) for fmt in ("pdf", "docx")]
    assert builds.start(BOOK, folder / BOOK, "pdf") is jobs[0]  # asked again while running
    for _ in range(200):
        if not any(job.running for job in jobs):
            break
        time.sleep(0.05)
    assert [job.stage for job in jobs] == ["done", "done"] and most[0] == 1
    assert (folder / ".budgetgen" / "output" / "songjiang-yibao-2025.pdf").read_bytes() == b"edition"
    assert builds.start(BOOK, folder / BOOK, "pdf") is jobs[0]  # current: not built again


def test_editions_of_an_unchanged_book_share_one_derivation(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Word after PDF gets the publication the PDF was made from (its layout gives Word its
    page numbers: no second layout); once the file changes, a new one; at most KEPT books kept."""
    from generator import writers
    from generator.serve import builds as module
    from generator.serve.library import Library

    seen: list[tuple[str, object]] = []

    def recording(fmt: str) -> object:
        def write(publication: object) -> bytes:
            seen.append((fmt, publication))
            return fmt.encode()
        return write

    for fmt in ("pdf", "docx", "xlsx"):
        monkeypatch.setitem(writers.WRITERS, fmt, recording(fmt))
    names = [BOOK, "b.yaml", "c.yaml"]
    for name in names:
        shutil.copy(DATA / BOOK, tmp_path / name)
    builds = module.Builds(Library(tmp_path))

    def run(name: str, fmt: str) -> None:
        job = builds.start(name, tmp_path / name, fmt)
        for _ in range(400):
            if not job.running:
                break
            time.sleep(0.05)
        assert job.stage == "done", job.message

    run(BOOK, "pdf")
    run(BOOK, "docx")
    assert seen[0][1] is seen[1][1]
    with (tmp_path / BOOK).open("a", encoding="utf-8") as fh:
        fh.write("# 改过\n")
    run(BOOK, "xlsx")
    assert seen[2][1] is not seen[1][1]
    for name in names[1:]:
        run(name, "pdf")
    assert list(builds._derived) == names[-module.KEPT:]


def test_the_listing_keeps_its_summaries_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pipeline
    from generator.serve.library import Library

    shutil.copy(DATA / BOOK, tmp_path / BOOK)
    (tmp_path / "wrong.yaml").write_text(mutated((DATA / BOOK).read_text(encoding="utf-8")), encoding="utf-8")
    library = Library(tmp_path)
    assert [s.pending for s in library.listing()] == [True, True]
    library.settle()
    first = [(s.name, s.errors, s.warnings, s.unit) for s in library.listing()]
    assert first == [(BOOK, 0, 0, "上海市松江区医疗保障局"), ("wrong.yaml", 1, 1, "上海市松江区医疗保障局")]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(pipeline, "validate", refuse)
    kept = Library(tmp_path)
    again = [(s.name, s.errors, s.warnings, s.unit) for s in kept.listing()]
    assert again == first and kept.pending() == 0  # a new run reads the kept records
    monkeypatch.undo()  # from here on books are checked again: let them be
    (tmp_path / "wrong.yaml").unlink()
    assert [s.name for s in Library(tmp_path).listing()] == [BOOK]
    # the batch cache's rule: a touched file is not checked again, a changed one or a catalog
    # folder added beside the books is
    os.utime(tmp_path / BOOK, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert [s.pending for s in Library(tmp_path).listing()] == [False]
    (tmp_path / "catalogs").mkdir()
    assert [s.pending for s in Library(tmp_path).listing()] == [True]
    (tmp_path / "catalogs").rmdir()
    with (tmp_path / BOOK).open("a", encoding="utf-8") as fh:
        fh.write("# 改过\n")
    assert [s.pending for s in Library(tmp_path).listing()] == [True]


def test_a_part_that_cannot_be_laid_out_is_said_on_the_page(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF writer gives up on a part (writers.pdf LayoutError): the job says which, in the
    writer's words, and no file is written."""
    from generator import writers
    from generator.errors import LayoutError
    from generator.serve.builds import Builds
    from generator.serve.library import Library

    def gives_up(publication: object) -> bytes:
        raise LayoutError("财政项目支出绩效目标申报表")

    monkeypatch.setitem(writers.WRITERS, "pdf", gives_up)
    shutil.copy(DATA / BOOK, tmp_path / BOOK)
    job = Builds(Library(tmp_path)).start(BOOK, tmp_path / BOOK, "pdf")
    for _ in range(200):
        if not job.running:
            break
        time.sleep(0.05)
    assert job.stage == "failed"
    assert job.message == str(LayoutError("财政项目支出绩效目标申报表"))
    assert job.message.startswith("无法排版「财政项目支出绩效目标申报表」：")
    assert not (tmp_path / ".budgetgen" / "output" / "songjiang-yibao-2025.pdf").exists()
