import { bootstrap } from "./bootstrap";
import { prepareDatabase } from "./database";

bootstrap({ generateSecret: false });
prepareDatabase({ seed: true });
