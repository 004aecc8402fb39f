"""The original product's stack as a reference row for bench/run.sh: Flask under gunicorn serving
the same image bytes from a Python dict at /images/<key>, as the course's memcache did.

Run by bench/run.sh:  IMAGES_DIR=... gunicorn -w 1 --threads 8 -b 127.0.0.1:PORT --chdir bench flask_app:app
"""
import os

from flask import Flask, Response, abort

app = Flask(__name__)
images = {}
for name in os.listdir(os.environ["IMAGES_DIR"]):
    with open(os.path.join(os.environ["IMAGES_DIR"], name), "rb") as f:
        images[name] = f.read()


@app.route("/images/<key>")
def image(key):
    value = images.get(key)
    if value is None:
        abort(404)
    return Response(value, mimetype="image/png")
