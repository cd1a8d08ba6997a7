#!/bin/sh
# s3rver on 0.0.0.0:4569 with its objects under /data, and the bucket SF_S3_BUCKET made if it is not there yet.
set -eu
exec node /s3rver/node_modules/.bin/s3rver -d /data -a 0.0.0.0 -p 4569 --silent --configure-bucket "${SF_S3_BUCKET:-socialflow}"
