/* Placeholder until the command line lands. */
int main(void);
int main(void) { return 0; }
