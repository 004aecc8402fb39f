#!/usr/bin/env python3
"""Uploads COUNT keys (m00000, m00001, ...) to ImageCache, cycling through the files of DIR.

Usage: fill.py BASE_URL DIR COUNT
Two threads, each over one keep-alive connection; exits non-zero on the first failed upload.
"""
import http.client
import os
import sys
import threading
import urllib.parse

BOUNDARY = "----imagecachefill"


def body(key, image):
    return (("--%s\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n%s\r\n" % (BOUNDARY, key)).encode()
            + ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.png\"\r\n"
               "Content-Type: image/png\r\n\r\n" % BOUNDARY).encode()
            + image + ("\r\n--%s--\r\n" % BOUNDARY).encode())


def upload(base, images, keys, failures):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    for i in keys:
        connection.request("POST", "/api/upload", body("m%05d" % i, images[i % len(images)]),
                           {"Content-Type": "multipart/form-data; boundary=" + BOUNDARY})
        response = connection.getresponse()
        answer = response.read()
        if response.status != 200:
            failures.append("m%05d: HTTP %d %s" % (i, response.status, answer[:200]))
            return


def main():
    base, directory, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    images = [open(os.path.join(directory, name), "rb").read() for name in sorted(os.listdir(directory))]
    failures = []
    threads = [threading.Thread(target=upload, args=(base, images, range(t, count, 2), failures)) for t in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit("Upload failed: " + failures[0])


if __name__ == "__main__":
    main()
