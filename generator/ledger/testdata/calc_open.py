"""Opens a CSV in LibreOffice Calc as a double click does and reports what the user gets.

usage: python3 calc_open.py SOFFICE PROFILE_DIR FILE.csv

Starts SOFFICE with a fresh profile and no display (the svp backend, not --headless, so
that dialogs run), loads FILE.csv with an interaction handler as the desktop does, which
brings up the Text Import dialog; reads the character set the dialog preselected through
LibreOffice's UI test interface, presses OK and prints one JSON object: the character
set shown, the filter options the dialog produced and every cell of the first sheet as
text. Needs python3-uno (Debian) on PYTHONPATH.
"""
import json
import os
import subprocess
import sys
import threading
import time

import uno
from com.sun.star.beans import PropertyValue


# CRASHED is the exit status when LibreOffice itself died of a signal (a crash of its own,
# seen in Debian's 7.4.7-1+deb12u14 under the svp backend), not when this script failed.
CRASHED = 3


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    soffice, profile, path = sys.argv[1:4]
    pipe = "wuxiao%d" % os.getpid()
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
    # soffice is a wrapper whose soffice.bin would outlive it when killed: run soffice.bin
    # itself, in this script's process group (the test kills the group if it runs too long).
    office_bin = os.path.join(os.path.dirname(os.path.realpath(soffice)), "soffice.bin")
    if not os.path.exists(office_bin):
        office_bin = soffice
    args = [office_bin, "--norestore", "--nologo", "--nodefault",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--accept=pipe,name=%s;urp;" % pipe]
    office = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(600):
            code = office.poll()
            if code == 81:  # a new profile was set up: start again (the wrapper's job)
                office = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                continue
            if code is not None:
                raise SystemExit("LibreOffice exited with status %d" % code)
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.1)
        if ctx is None:
            raise SystemExit("LibreOffice did not start")
        try:
            result = open_csv(ctx, path)
        except Exception:
            try:
                code = office.wait(5)
            except subprocess.TimeoutExpired:
                raise  # LibreOffice still runs: the script's own failure
            if code < 0:  # killed by a signal: LibreOffice itself crashed
                sys.stderr.write("LibreOffice crashed (signal %d) opening the file with its Text Import dialog\n" % -code)
                sys.stderr.flush()
                os._exit(CRASHED)  # not sys.exit: the UNO bridge's threads abort the interpreter's teardown
            raise
        print(json.dumps(result, ensure_ascii=False))
    finally:
        office.kill()
        office.wait(30)


def open_csv(ctx, path):
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    uitest = smgr.createInstanceWithContext("org.libreoffice.uitest.UITest", ctx)
    handler = smgr.createInstanceWithContext("com.sun.star.task.InteractionHandler", ctx)
    loaded = {}

    def load():
        loaded["doc"] = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                                     (prop("InteractionHandler", handler),))

    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    dialog = None
    for _ in range(300):
        time.sleep(0.1)
        w = uitest.getTopFocusWindow()
        if w is not None and "charset" in w.getChildren():
            dialog = w
            break
    if dialog is None:
        raise SystemExit("no Text Import dialog appeared")
    state = {p.Name: p.Value for p in dialog.getChild("charset").getState()}
    dialog.getChild("ok").executeAction("CLICK", ())
    loader.join(60)
    doc = loaded.get("doc")
    if doc is None:
        raise SystemExit("the file did not open")
    args = {a.Name: a.Value for a in doc.getArgs()}
    sheet = doc.Sheets.getByIndex(0)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    cells = [[sheet.getCellByPosition(c, r).getString() for c in range(end.EndColumn + 1)]
             for r in range(end.EndRow + 1)]
    doc.close(True)
    return {"charset": state.get("SelectEntryText"), "filter": args.get("FilterName"),
            "options": args.get("FilterOptions"), "cells": cells}


if __name__ == "__main__":
    main()
