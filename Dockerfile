# One image for every role (api, worker, migrate); docker-compose.yml picks the role by command.
# `npm run build` compiles the TypeScript (scripts/build.js, into dist/) and builds the web console.
FROM node:20-slim

ENV SCARF_ANALYTICS=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so that a code change does not reinstall them. npm ci's prepare step compiles
# the sources, none copied yet: scripts/build.js then has nothing to compile.
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node scripts/build.js scripts/
RUN npm ci && npm cache clean --force

COPY --chown=node:node . .
# The compiled JavaScript (dist/) and the web console (apps/console/dist, served by the api at /),
# built once into the image.
RUN npm run build

# NODE_ENV only after `npm ci` (it would make npm skip devDependencies). HOST: the API listens on
# 127.0.0.1 unless told otherwise, which is unreachable from outside a container.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
EXPOSE 3000
CMD ["node", "bin/kinerja.js", "start"]
