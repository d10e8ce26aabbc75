/* placeholder until the http helper writes the real entry point */
int
main (void)
{
  return 1;
}
