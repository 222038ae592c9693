import { signIn } from "./bench/support";
async function main() { const c = await signIn(process.argv[2], "viewer@duo-demo.test", "Voortgang-Lezen-2026"); console.log(c); }
main().then(() => process.exit(0));
