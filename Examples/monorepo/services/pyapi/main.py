"""A Flask service: answers GET / with a greeting."""
import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "hello from pyapi\n", 200, {"Content-Type": "text/plain"}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
