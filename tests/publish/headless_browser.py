"""A real browser for the tests of the public website: Debian's chromium, headless, driven
through the DevTools protocol over a pipe (--remote-debugging-pipe: JSON messages ending in
NUL on file descriptors 3 and 4), so no websocket library and no network are needed."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


class Browser:
    """One headless chromium with one page; `call(method, **params)` is a DevTools command."""

    def __init__(self, exe: str, width: int = 1280, height: int = 900) -> None:
        self._profile = tempfile.mkdtemp(prefix="ogp-chromium-")
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # the child reads commands on fd 3 and writes answers on fd 4
        os.set_inheritable(to_browser_r, True)
        os.set_inheritable(from_browser_w, True)

        def child_fds() -> None:  # above 10 first, so neither is overwritten by the other
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
             "--allow-file-access-from-files", "--remote-debugging-pipe",
             f"--user-data-dir={self._profile}", f"--window-size={width},{height}",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._out = os.fdopen(to_browser_w, "wb", buffering=0)
        self._in = os.fdopen(from_browser_r, "rb", buffering=0)
        self._buf = b""
        self._id = 0
        self.width, self.height = width, height
        self.events: list[dict[str, Any]] = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"],
                                 flatten=True)["sessionId"]
        self.page("Page.enable")
        self.page("Runtime.enable")
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    # --- the protocol -------------------------------------------------------------------
    def _send(self, message: dict[str, Any]) -> int:
        self._id += 1
        message["id"] = self._id
        self._out.write(json.dumps(message).encode() + b"\0")
        return self._id

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buf:
            chunk = self._in.read(1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        message: dict[str, Any] = {"method": method, "params": params}
        if session:
            message["sessionId"] = session
        wanted = self._send(message)
        while True:
            answer = self._read()
            if answer.get("id") == wanted:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            self.events.append(answer)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, session=self.session, **params)

    # --- what a test does ---------------------------------------------------------------
    def open(self, path: Path | str, timeout: float = 20) -> None:
        url = path if isinstance(path, str) else Path(path).resolve().as_uri()
        self.events.clear()
        self.page("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && document.fonts.status === 'loaded'",
                      timeout)

    def js(self, expression: str) -> Any:
        answer = self.page("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10) -> Any:
        end = time.monotonic() + timeout
        while True:
            value = self.js(expression)
            if value:
                return value
            if time.monotonic() > end:
                raise TimeoutError(expression)
            time.sleep(0.05)

    def type_text(self, text: str) -> None:
        """Into the focused field, as the keyboard's text input does (Arabic too)."""
        self.page("Input.insertText", text=text)

    def press_enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            self.page("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                      windowsVirtualKeyCode=13, nativeVirtualKeyCode=13,
                      **({"text": "\r"} if kind == "keyDown" else {}))

    def click(self, selector: str) -> None:
        box = self.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                      ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.page("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left",
                      clickCount=1)

    def screenshot(self, target: Path, full_page: bool = True) -> Path:
        """The page as shown (the whole page, up to 6000 pixels, when `full_page`)."""
        if full_page:
            height = min(int(self.js("document.documentElement.scrollHeight")), 6000)
            self.page("Emulation.setDeviceMetricsOverride", width=self.width, height=height,
                      deviceScaleFactor=1, mobile=False)
        try:
            data = self.page("Page.captureScreenshot", format="png")["data"]
        finally:
            if full_page:
                self.page("Emulation.setDeviceMetricsOverride", width=self.width,
                          height=self.height, deviceScaleFactor=1, mobile=False)
        target.write_bytes(base64.b64decode(data))
        return target

    def console_errors(self) -> list[str]:
        return [json.dumps(e["params"]) for e in self.events
                if e.get("method") == "Runtime.exceptionThrown"
                or (e.get("method") == "Runtime.consoleAPICalled"
                    and e["params"].get("type") == "error")]

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self._out, self._in):
            try:
                f.close()
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)
